package org.creditbank.ledger.bank;

import static org.creditbank.ledger.bank.TestKeys.LEDGER;
import static org.creditbank.ledger.bank.TestKeys.seeded;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.creditbank.ledger.crypto.Ed25519PrivateKey;
import org.creditbank.ledger.util.Hash;

/** Valid bodies of each typed statement, shared by the body tests and the doc examples. */
final class BodyFixtures {
  static final String OPERATOR = "CB-CITY-A";
  static final Ed25519PrivateKey OPERATOR_KEY = seeded(1);
  static final Ed25519PrivateKey UNIV_KEY = seeded(2);
  static final Ed25519PrivateKey UNIV_KEY_2 = seeded(3);

  private BodyFixtures() {}

  static GenesisBody genesis() {
    List<GenesisBody.Level> levels =
        List.of(
            new GenesisBody.Level("L1", "一级"),
            new GenesisBody.Level("L2", "二级"),
            new GenesisBody.Level("L3", "三级"),
            new GenesisBody.Level("L4", "四级"),
            new GenesisBody.Level("L5", "五级"),
            new GenesisBody.Level("L6", "六级"),
            new GenesisBody.Level("L7", "七级"));
    return new GenesisBody(
        LEDGER,
        new GenesisBody.Operator(OPERATOR, "城市A学分银行", OPERATOR_KEY.publicKey()),
        new GenesisBody.Framework("城市A终身教育资历框架", levels),
        16,
        new GenesisBody.Policy(new BigDecimal("0.50")));
  }

  static InstitutionRegisteredBody institution() {
    return new InstitutionRegisteredBody(
        "UNIV-0001",
        "城市A开放大学",
        InstitutionKind.OPEN_UNIVERSITY,
        List.of(UNIV_KEY.publicKey(), UNIV_KEY_2.publicKey()),
        new InstitutionRegisteredBody.Permissions(
            Set.of(OutcomeKind.COURSE, OutcomeKind.MOOC, OutcomeKind.PRIOR_LEARNING), true, true),
        Optional.empty());
  }

  static InstitutionRegisteredBody branch() {
    return new InstitutionRegisteredBody(
        "UNIV-0001-B2",
        "城市A开放大学第二分校",
        InstitutionKind.OPEN_UNIVERSITY,
        List.of(UNIV_KEY_2.publicKey()),
        new InstitutionRegisteredBody.Permissions(Set.of(), false, false),
        Optional.of("UNIV-0001"));
  }

  static KeyChangeBody keyAdded() {
    return KeyChangeBody.added("UNIV-0001", UNIV_KEY_2.publicKey());
  }

  static KeyChangeBody keyRevoked() {
    return KeyChangeBody.revoked("UNIV-0001", UNIV_KEY_2.publicKey(), KeyRevocationReason.RETIRED);
  }

  static LearnerEnrolledBody learner() {
    return new LearnerEnrolledBody(
        "L-7Q2F9K3M",
        Optional.of(
            Hash.fromHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")));
  }

  static LearnerEnrolledBody learnerWithoutCommitment() {
    return new LearnerEnrolledBody("L-7Q2F9K3M", Optional.empty());
  }
}
