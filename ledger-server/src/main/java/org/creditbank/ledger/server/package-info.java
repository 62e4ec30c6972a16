/** The ledger's HTTP/JSON server over the library facade. */
package org.creditbank.ledger.server;
