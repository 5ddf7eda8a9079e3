---- MODULE Outer ----
\* Instantiated by instances.txt: an instance of Inst inside an instance.
EXTENDS Naturals
CONSTANT C
Double(n) == n + n
In == INSTANCE Inst WITH K <- C + 1, F <- Double, v <- C
====
