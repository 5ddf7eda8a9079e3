---- MODULE Inst ----
\* Instantiated by modules.txt. K is a constant, v a variable, F an operator constant.
EXTENDS Naturals
CONSTANT K, F(_)
VARIABLE v
Double == 2 * K
Applied == F(K)
Shift(n) == K + n
LOCAL Hidden == 99
====
