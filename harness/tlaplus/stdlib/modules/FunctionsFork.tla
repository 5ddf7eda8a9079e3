------------------------------ MODULE FunctionsFork -----------------------------
(***************************************************************************)
(* The TLAPS library's copy of the function operators (restriction, range, *)
(* inverse, injections, surjections, bijections), renamed from Functions   *)
(* so that it does not clash with the community module of that name.       *)
(* Module FunctionForkTheorems states facts about them.                    *)
(***************************************************************************)

Restrict(f, S) == [x \in S |-> f[x]]

Range(f) == {f[x] : x \in DOMAIN f}

Inverse(f, S, T) == [t \in T |-> CHOOSE s \in S : t \in Range(f) => f[s] = t]

IsInjective(f) == \A a, b \in DOMAIN f : f[a] = f[b] => a = b

Injection(S, T) == {M \in [S -> T] : IsInjective(M)}

Surjection(S, T) == {M \in [S -> T] : \A t \in T : \E s \in S : M[s] = t}

Bijection(S, T) == Injection(S, T) \cap Surjection(S, T)

ExistsInjection(S, T) == Injection(S, T) # {}

ExistsSurjection(S, T) == Surjection(S, T) # {}

ExistsBijection(S, T) == Bijection(S, T) # {}
=============================================================================
