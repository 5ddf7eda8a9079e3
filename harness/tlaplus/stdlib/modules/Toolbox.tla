------------------------------- MODULE Toolbox --------------------------------
(* TLC's module of the Toolbox's trace explorer: _TETrace is the trace being explored, which the
   trace explorer defines; _TEPosition the position in it of the state an expression is
   evaluated in. Nothing else defines _TETrace, so evaluating it outside the trace explorer is
   an error (a CHOOSE over an infinite set); ShiViz instantiates this module. *)
LOCAL INSTANCE Naturals
LOCAL INSTANCE FiniteSets
LOCAL INSTANCE TLC

_TETrace == CHOOSE f \in [(Nat \ {0}) -> STRING] : TRUE

LOCAL _TETraceLength == Cardinality(DOMAIN _TETrace)

_TEPosition ==
    IF TLCGet("level") >= _TETraceLength
    THEN _TETraceLength
    ELSE IF TLCGet("level") = 0 THEN 1 ELSE TLCGet("level")
=============================================================================
