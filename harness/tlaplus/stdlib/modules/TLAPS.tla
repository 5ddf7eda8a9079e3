------------------------------- MODULE TLAPS -------------------------------
(***************************************************************************)
(* The TLA+ Proof System's pragmas. Proofs are not checked by this engine; *)
(* the module exists so that specifications with proofs load. Each pragma  *)
(* is TRUE, as in the TLAPS distribution.                                  *)
(***************************************************************************)
SMT == TRUE
SMTT(X) == TRUE
CVC3 == TRUE
CVC3T(X) == TRUE
Yices == TRUE
YicesT(X) == TRUE
veriT == TRUE
veriTT(X) == TRUE
Z3 == TRUE
Z3T(X) == TRUE
Spass == TRUE
SpassT(X) == TRUE
Zenon == TRUE
ZenonT(X) == TRUE
Isa == TRUE
IsaT(X) == TRUE
IsaM(X) == TRUE
IsaMT(X, Y) == TRUE
Auto == TRUE
Force == TRUE
Blast == TRUE
SimplifyAndSolve == TRUE
Simplification == TRUE
AutoBlast == TRUE
LS4 == TRUE
PTL == TRUE
PropositionalTemporalLogic == TRUE
AllProvers == TRUE
AllProversT(X) == TRUE
AllSMT == TRUE
AllSMTT(X) == TRUE
AllIsa == TRUE
AllIsaT(X) == TRUE
SetExtensionality == TRUE
NoSetContainsEverything == TRUE
IsaWithSetExtensionality == TRUE
=============================================================================
