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
SimpleArithmetic == TRUE
CVC4 == TRUE
CVC4T(X) == TRUE
Zipper == TRUE
ZipperT(X) == TRUE
LS4T(X) == TRUE
SlowZenon == TRUE
SlowerZenon == TRUE
VerySlowZenon == TRUE
SlowestZenon == TRUE
SlowAuto == TRUE
SlowerAuto == TRUE
SlowestAuto == TRUE
SlowForce == TRUE
SlowerForce == TRUE
SlowestForce == TRUE
SlowSimplifyAndSolve == TRUE
SlowerSimplifyAndSolve == TRUE
SlowestSimplifyAndSolve == TRUE
SlowSimplification == TRUE
SlowerSimplification == TRUE
SlowestSimplification == TRUE
SlowBlast == TRUE
SlowerBlast == TRUE
SlowestBlast == TRUE
ExpandENABLED == TRUE
ExpandCdot == TRUE
AutoUSE == TRUE
Lambdify == TRUE
ENABLEDaxioms == TRUE
LevelComparison == TRUE
EnabledWrapper(Op(_)) == FALSE
CdotWrapper(Op(_)) == FALSE
Trivial == TRUE
=============================================================================
