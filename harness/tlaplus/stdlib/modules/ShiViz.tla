-------------------------------- MODULE ShiViz --------------------------------
(* The community module formatting a trace for ShiViz: Host is the process whose pc changed in
   the current state of the trace, Clock its vector clock as a JSON object. Both read the trace
   through the Toolbox module's _TETrace, so they are meant for TLC's ALIAS expressions in the
   trace explorer. *)
LOCAL INSTANCE Integers
LOCAL INSTANCE Json
LOCAL INSTANCE TLC

INSTANCE Toolbox

LOCAL FnHost ==
    LET host[i \in DOMAIN _TETrace] ==
            IF i = 1 THEN "--"
            ELSE IF _TETrace[i - 1].pc = _TETrace[i].pc
                 THEN host[i - 1]
                 ELSE CHOOSE p \in DOMAIN _TETrace[i - 1].pc :
                          _TETrace[i - 1].pc[p] # _TETrace[i].pc[p]
    IN  TLCEval(host)

Host == FnHost[_TEPosition]

LOCAL clock(n) ==
    IF n = 1 THEN [p \in DOMAIN _TETrace[n].pc |-> 0]
    ELSE [p \in DOMAIN _TETrace[n].pc |-> IF p = FnHost[n] THEN 1 ELSE 0]

LOCAL sum(F, G) == [d \in DOMAIN F |-> F[d] + G[d]]

LOCAL FnClock ==
    LET vclock[i \in DOMAIN _TETrace] ==
            IF i = 1 THEN clock(i) ELSE sum(TLCEval(vclock[i - 1]), clock(i))
    IN  TLCEval(vclock)

Clock == ToJsonObject(FnClock[_TEPosition])
=============================================================================
