// Package value holds the values of the TLA+ engine: booleans, integers, strings, model values,
// functions (tuples, sequences and records are functions), finite sets and lazily represented sets,
// together with the canonical total order, equality and 64-bit fingerprints the model checker uses
// to recognise states it has seen.
//
// # Representation
//
// [Bool], [Int], [Str] and [ModelValue] are scalars. Functions come in three shapes that compare,
// print and fingerprint as the same mathematical object: [Tuple] (domain 1..n, so also sequences),
// [*Record] (a domain of strings) and [*Func] (any finite domain). A record therefore equals the
// function with the same string domain, and <<>> equals every other empty function. [LazyFunc] is
// implemented by the evaluator for functions such as f[n \in Nat] == ... whose domain may be infinite;
// they are applied point by point and only enumerated when compared or fingerprinted.
//
// [*Set] is a finite set in normalized order: its elements are sorted by [Compare] without
// duplicates. Every other [SetValue] is lazy and answers membership without enumerating:
// [Nat], [IntSet], [StringSet], [Interval] (a..b), [Subset] (SUBSET S), [FuncSet] ([S -> T]),
// [SeqSet] (Seq(S)), [RecordSet] ([a : S]), [Product] (S \X T), [Filter] ({x \in S : P}) and the
// lazy [Union], [Intersect] and [Difference] of sets that may be infinite. Enumerating an infinite
// set returns an error wrapping [ErrInfinite]; nothing in this package loops over an infinite set.
//
// Integers follow TLC: they are 32-bit, and an operation whose result leaves
// -2147483648..2147483647 returns an error wrapping [ErrOverflow] instead of wrapping around.
//
// # Order
//
// [Compare] is a total order on all finite values. It follows TLC's normalized order, so that
// CHOOSE x \in S : P, which TLC resolves to the first element of S in that order satisfying P,
// picks the same element here:
//
//   - values of different kinds are ordered by kind: model values < booleans < integers < strings
//     < functions (tuples, records, other functions) < sets. Model values come first as in TLC
//     (ModelValue.compareTo), so that CHOOSE x \in {1, m} : TRUE is m there and here. TLC reports an error for most mixed
//     comparisons; Compare orders them, but building a set of values TLC does not order with
//     each other ({1, "a"}) fails as TLC's normalization does (NewSet, normalizeerr.go), and so
//     do the set operators that look such values up (setopserr.go), [Member] and [Equal], which
//     decides the = of TLA+, where TLC's member and equals methods fail (0 = "a"; see equal.go).
//   - FALSE < TRUE; integers numerically; strings, and model values among themselves, by the
//     order TLC interned them in (util.UniqueString.compareTo; see InternOrder and SetOrder,
//     which a specification's load sets), or by their UTF-8 bytes when no order is set.
//   - functions first by the size of their domain, then pair by pair in domain order: first the
//     domain element, then the value. For tuples this is TLC's order (length first, then element by
//     element); records, whose field names are kept in the intern order, are compared as TLC's
//     RecordValue.compareTo does: number of fields, then all the field names, then the values; a
//     tuple precedes a record of the same size because the integer 1 precedes every string.
//   - sets first by cardinality, then element by element in their normalized order, as TLC's
//     SetEnumValue.compareTo does. So {3} < {1, 2} and {1, 2} < {1, 3}.
//
// Lazy finite sets compare and fingerprint as their enumeration. A finite set precedes every
// infinite one, and the named infinite sets compare among themselves (Nat < Int < STRING); any
// other comparison of two infinite sets returns an error, as does fingerprinting one.
//
// # Fingerprints
//
// [Fingerprint] hashes the canonical form of a value to 64 bits: equal values have equal
// fingerprints whatever their representation (a record and the equal function, 1..3 and {1, 2, 3}).
// Unequal values collide with probability about 2^-64.
package value
