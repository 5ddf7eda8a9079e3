---- MODULE CyclicRedefine ----
\* TLC's regression model test-model/CyclicRedefine.tla (tlaplus/tlaplus), whose module Base is
\* inlined here as CyclicRedefineBase. Each configuration substitutes a definition that uses the
\* definition it replaces; there that use denotes the replaced definition. The figures are those
\* of TLC's tests (tlatools/org.lamport.tlatools/test/tlc2/tool/CyclicRedefine*Test.java):
\* Next <- ReDefNext: from x = FALSE, Next's successors are A(i) (x' = TRUE) and B (x' = FALSE)
\* for i in 1..3; ~A(1) keeps the three of B: 1 + 3 generated, 1 distinct, depth 1.
\* Init <- ReDefInit, Inv <- ReDefInv: one initial state (x = FALSE), whose first successor
\* A(1) gives x = TRUE and violates Inv /\ x = FALSE: 2 generated, 2 distinct, depth 2.
\* Op <- ReDefOp: A(n) gives x' = ~FALSE as before: 1 + 6 + 6 generated, 2 distinct, depth 2.
\* A <- ReDefA: ReDefA(n) asks x' = FALSE and A(n)'s x' = TRUE, so only B: 1 + 3, 1, depth 1.
EXTENDS CyclicRedefineBase, TLC

ReDefInit ==
    /\ x \in BOOLEAN
    /\ Init

ReDefNext ==
    Next /\ ~A(1)

ReDefA(n) ==
    /\ x' = Print(<<"ReDef", n>>, FALSE)
    /\ A(n)

YetAnotherOp(s, b, P(_)) ==
	Print("ReDefOp", P(b))

ReDefOp(b) ==
    YetAnotherOp("ReDefOp", b, Op)
	
ReDefInv ==
	Inv /\ x = FALSE
=====
----- MODULE CyclicRedefineBase -----
VARIABLE x

Init == x = FALSE

Op(b) == ~b

A(n)== x' = Op(FALSE)

B== x' = FALSE

Next == \E i \in {1,2,3}: A(i) \/ B

Inv ==
	x \in BOOLEAN

====
