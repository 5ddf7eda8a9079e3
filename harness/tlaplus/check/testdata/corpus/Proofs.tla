---- MODULE Proofs ----
\* A constant specification with the proof syntax of the TLAPS library (nested ASSUME ... PROVE,
\* proof steps, USE and HIDE), checked with a configuration that names no behavior: as in TLC,
\* only the assumptions are evaluated (and print), and no state is explored (0 states, depth 0).
EXTENDS Naturals, TLAPS, TLC
CONSTANT N
ASSUME NAssump == N \in Nat
ASSUME PrintT(<<"N", N>>)
Double(n) == n + n
THEOREM Rec ==
  ASSUME NEW Def(_,_),
         ASSUME NEW n \in Nat, NEW g, NEW h,
                \A i \in 0..(n-1) : g[i] = h[i]
         PROVE  Def(g, n) = Def(h, n)
  PROVE  LET f[n \in Nat] == Def(f, n)
         IN  f = [n \in Nat |-> Def(f, n)]
LEMMA DoubleEven == \A n \in Nat : Double(n) % 2 = 0
<1>1. SUFFICES ASSUME NEW n \in Nat PROVE Double(n) % 2 = 0
  OBVIOUS
<1>2. CASE n = 0
  BY <1>2 DEF Double
<1>3. CASE n > 0
  <2>1. PICK m \in Nat : m + 1 = n
    BY <1>3
  <2> QED
    BY <2>1, SMT DEF Double
<1>4. QED
  BY <1>2, <1>3
COROLLARY Cor == Double(2) = 4
  BY DoubleEven DEF Double
PROPOSITION Prop == TRUE
PROOF OBVIOUS
THEOREM Anon == TRUE
  <1> DEFINE k == 3
  <1> HIDE DEF Double
  <1> USE NAssump
  <1>a. TAKE x \in Nat
  <1>b. WITNESS 3 \in Nat
  <1> HAVE TRUE
  <1>. QED OMITTED
USE DEF Double
HIDE Double
AXIOM Ax == 1 + 1 = 2
Quad(n) == Double(Double(n))
====
