---- MODULE Ring ----
\* The liveness benchmark (BenchmarkLiveness): N processes share a critical section by a token
\* that travels round a ring. A process requests (idle -> wait), enters when it holds the token
\* (wait -> crit) and, on leaving, hands the token on (crit -> idle); an idle holder passes the
\* token on. Only the holder can be critical and a waiting holder keeps the token, so each of the
\* N token positions t allows st[t] in {idle, wait, crit} and st[i] in {idle, wait} elsewhere:
\* N * 3 * 2^(N-1) distinct states, all reachable (a process requests whenever it is idle).
\* Every state has one successor per idle process (Request), plus Pass if the holder is idle,
\* Enter if it waits, Exit if it is critical.
\*
\* Fair makes every action of the ring weakly fair: the holder always moves on, and a waiting
\* holder's Enter stays enabled until taken, so every request is granted (Served holds). Its
\* negation has one branch per process (\E i : <>(wait /\ [](~crit))), each with the 2N + 1
\* fairness conditions: N branches to check in parallel. Unfair drops the fairness of Enter:
\* a waiting holder may wait for ever, and Served fails.
\*
\* Visits (the token comes round to every process) has the same verdicts without a tableau: its
\* negation has one branch per process, <>[](token # i), each with the fairness conditions.
\*
\* Served0 and Visits0 are Served and Visits for process 0 alone: one branch (with a tableau,
\* and without one), the common shape of a property, which the liveness phase cannot split
\* between workers by branch.
EXTENDS Naturals
CONSTANT N
VARIABLES token, st
vars == <<token, st>>
Procs == 0 .. N - 1
Init == token = 0 /\ st = [i \in Procs |-> "idle"]
Request(i) == st[i] = "idle" /\ st' = [st EXCEPT ![i] = "wait"] /\ UNCHANGED token
Enter(i) == token = i /\ st[i] = "wait" /\ st' = [st EXCEPT ![i] = "crit"] /\ UNCHANGED token
Exit(i) == st[i] = "crit" /\ st' = [st EXCEPT ![i] = "idle"] /\ token' = (token + 1) % N
Pass == st[token] = "idle" /\ token' = (token + 1) % N /\ UNCHANGED st
Next == Pass \/ \E i \in Procs : Request(i) \/ Enter(i) \/ Exit(i)
Safe == Init /\ [][Next]_vars
Fair == Safe /\ WF_vars(Pass) /\ \A i \in Procs : WF_vars(Enter(i)) /\ WF_vars(Exit(i))
Unfair == Safe /\ WF_vars(Pass) /\ \A i \in Procs : WF_vars(Exit(i))
Mutex == \A i \in Procs : st[i] = "crit" => token = i
Served == \A i \in Procs : (st[i] = "wait") ~> (st[i] = "crit")
Visits == \A i \in Procs : []<>(token = i)
Served0 == (st[0] = "wait") ~> (st[0] = "crit")
Visits0 == []<>(token = 0)
====
