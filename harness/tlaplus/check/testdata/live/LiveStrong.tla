---- MODULE LiveStrong ----
\* Weak versus strong fairness. A light toggles on every Toggle step; Take, enabled only while
\* the light is on, takes the item once. Reachable (light, taken): FF -Toggle-> TF, TF -Toggle->
\* FF, TF -Take-> TT, TT -Toggle-> FT, FT -Toggle-> TT: 4 distinct states, 1 + 1 + 2 + 1 + 1 = 6
\* generated, depth 4 (levels {FF} {TF} {TT} {FT}).
\*
\* Weak.cfg: WF_vars(Take) does not force Take, which is not continuously enabled: the
\* behavior FF, TF, FF, TF, ... toggles for ever, meets both WF conditions (Toggle steps are
\* taken; Take is disabled in FF) and never takes: Taken is violated, the lasso being
\* State 1 FF, State 2 TF (Toggle), Back to state 1 (Toggle).
\* Strong.cfg: SF_vars(Take) forces Take, enabled infinitely often: Taken holds. Its negation
\* splits into 2 branches (SF is <>[]~ENABLED <<Take>>_vars \/ []<><<Take>>_vars).
\* Enabled.cfg: OftenEnabled, []<>ENABLED Take, fails once Take has been taken (TT and FT have it
\* disabled); fairness rules out stuttering at TT, so the cycle toggles TT, FT: the nearest
\* counterexample is FF, TF (Toggle), TT (Take), FT (Toggle), Back to state 3 (Toggle).
\* Partial.cfg: LightEnabled holds: ENABLED of an action that leaves taken' unspecified is TRUE
\* in every state (as in TLC, ENABLED needs no complete successor).
EXTENDS Naturals
VARIABLES light, taken
vars == <<light, taken>>
Init == light = FALSE /\ taken = FALSE
Toggle == light' = ~light /\ UNCHANGED taken
Take == light /\ ~taken /\ taken' = TRUE /\ UNCHANGED light
Next == Toggle \/ Take
Weak == Init /\ [][Next]_vars /\ WF_vars(Toggle) /\ WF_vars(Take)
Strong == Init /\ [][Next]_vars /\ WF_vars(Toggle) /\ SF_vars(Take)
Taken == <>taken
OftenEnabled == []<>ENABLED Take
LightEnabled == []<>ENABLED (light' = TRUE)
====
