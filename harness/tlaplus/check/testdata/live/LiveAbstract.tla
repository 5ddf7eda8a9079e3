---- MODULE LiveAbstract ----
\* The abstract side of LiveRefines.tla: once done, the flag is eventually raised (Raise is
\* weakly fair).
VARIABLES done, flag
vars == <<done, flag>>
Init == done = FALSE /\ flag = FALSE
Finish == ~done /\ done' = TRUE /\ UNCHANGED flag
Raise == done /\ ~flag /\ flag' = TRUE /\ UNCHANGED done
Spec == Init /\ [][Finish \/ Raise]_vars /\ WF_vars(Raise)
====
