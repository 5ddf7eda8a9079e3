---- MODULE operators ----
EXTENDS Naturals
\* User-definable operator symbols, declared and defined in every fixity.
CONSTANTS _ ** _, _ ^# , Op(_, _, _)
a \prec b == a < b
a ++ b == a + b
a \oplus b == a
a (-) b == b
a ^* == a
-. a == 0 - a
a %% b == a % b
a ## b == a
a $$ b == a
a ?? b == a
a !! b == a
a \sqcup b == a
a \uplus b == a
a \wr b == a
a \star b == a
a \bullet b == a
a \bigcirc b == a
a \div b == a
a \approx b == TRUE
a |- b == TRUE
a ::= b == TRUE
Use == /\ 1 \prec 2
       /\ (1 ++ 2) ^* = 3
       /\ 1 ⊕ 2 = 1 \oplus 2
       /\ -(1) = - 1
       /\ 2 ** 3 = 8
       /\ Op(1, 2, 3)
       /\ ∀ x ∈ {1} : ∃ y ∈ {2} : x ≤ y ∧ y ≥ x ∧ x ≠ y
       /\ ⟨1, 2⟩ ∘ ⟨3⟩ = ⟨1, 2, 3⟩
       /\ ({1} ∪ {2}) ∩ {3} ⊆ {1} \ {4}
       /\ [i ∈ {1} ↦ i] = [j \in {1} |-> j]
       /\ □(x = 1) ⇒ ◇(x = 2)
====
