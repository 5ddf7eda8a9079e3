package stdlib_test

import (
	"slices"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/stdlib"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// exported lists, per module, the public operators and their arities as
// documented by the TLA+ standard modules and the community modules.
var exported = map[string]map[string]int{
	"Naturals": {"Nat": 0, "+": 2, "-": 2, "*": 2, "^": 2, "<": 2, ">": 2, "<=": 2, ">=": 2,
		"..": 2, `\div`: 2, "%": 2},
	"Integers":   {"Int": 0, "-.": 1},
	"Reals":      {"Real": 0, "/": 2, "Infinity": 0},
	"Sequences":  {"Seq": 1, "Len": 1, `\o`: 2, "Append": 2, "Head": 1, "Tail": 1, "SubSeq": 3, "SelectSeq": 2},
	"FiniteSets": {"IsFiniteSet": 1, "Cardinality": 1},
	"Bags": {"IsABag": 1, "BagToSet": 1, "SetToBag": 1, "BagIn": 2, "EmptyBag": 0, "CopiesIn": 2,
		"(+)": 2, "(-)": 2, "BagUnion": 1, `\sqsubseteq`: 2, "SubBag": 1, "BagOfAll": 2, "BagCardinality": 1},
	"TLC": {"Print": 2, "PrintT": 1, "Assert": 2, "JavaTime": 0, "TLCGet": 1, "TLCSet": 2, ":>": 2,
		"@@": 2, "Permutations": 1, "SortSeq": 2, "RandomElement": 1, "Any": 0, "ToString": 1, "TLCEval": 1},
	"TLAPS": {"SMT": 0, "Zenon": 0, "Isa": 0, "IsaM": 1, "PTL": 0, "AllProvers": 0},
	"Folds": {"MapThenFoldSet": 5},
	"Json": {"ToJson": 1, "ToJsonArray": 1, "ToJsonObject": 1, "JsonSerialize": 2, "JsonDeserialize": 1,
		"ndJsonSerialize": 2, "ndJsonDeserialize": 1},
	"IOUtils": {"IOEnv": 0, "atoi": 1, "zeroPadN": 2, "IOExec": 1, "IOEnvExec": 2, "IOExecTemplate": 2,
		"IOEnvExecTemplate": 3, "IOSerialize": 3, "IODeserialize": 2, "Serialize": 3, "Deserialize": 2},
	"FiniteSetsExt": {"FoldSet": 3, "ReduceSet": 3, "Quantify": 2, "kSubset": 2, "Ksubsets": 2,
		"Max": 1, "Min": 1, "SumSet": 1, "ProductSet": 1, "MapThenSumSet": 2, "SymDiff": 2, "FlattenSet": 1,
		"Choices": 1, "ChooseUnique": 2},
	"Functions": {"Restrict": 2, "RestrictDomain": 2, "RestrictValues": 2, "IsRestriction": 2,
		"Range": 1, "Inverse": 3, "AntiFunction": 1, "IsInjective": 1, "IsSurjective": 3,
		"IsBijection": 3, "Injection": 2, "Surjection": 2, "Bijection": 2, "ExistsInjection": 2,
		"ExistsSurjection": 2, "ExistsBijection": 2, "FoldFunction": 3, "FoldFunctionOnSet": 4,
		"Pointwise": 3, "SumFunctionOnSet": 2, "SumFunction": 1},
	"SequencesExt": {"ToSet": 1, "SetToSeq": 1, "SetToSortSeq": 2, "Reverse": 1, "Contains": 2,
		"Remove": 2, "ReplaceAll": 3, "InsertAt": 3, "RemoveAt": 2, "ReplaceAt": 3, "Front": 1,
		"Last": 1, "Cons": 2, "IsPrefix": 2, "IsStrictPrefix": 2, "IsSuffix": 2, "IsStrictSuffix": 2,
		"Indices": 1, "FoldLeft": 3, "FoldRight": 3, "FoldSeq": 3, "FlattenSeq": 1, "Zip": 2,
		"SelectInSeq": 2, "SelectLastInSeq": 2, "BoundedSeq": 2, "SeqOf": 2, "Prefixes": 1, "Suffixes": 1,
		"ToBag": 1, "SetToSeqs": 1, "SetToAllKPermutations": 1, "TupleOf": 2, "IsSorted": 2, "SelectInSubSeq": 4,
		"SelectLastInSubSeq": 4, "RemoveFirst": 2, "RemoveFirstMatch": 2, "Snoc": 2, "CommonPrefixes": 1,
		"LongestCommonPrefix": 1, "SeqMod": 2, "FoldLeftDomain": 3, "FoldRightDomain": 3, "Interleave": 2,
		"SubSeqs": 1, "AllSubSeqs": 1, "IndexFirstSubSeq": 2, "ReplaceSubSeqAt": 4, "ReplaceFirstSubSeq": 3,
		"ReplaceAllSubSeqs": 3},
	"Bitwise": {"&": 2, "|": 2, "^^": 2, "Not": 1, "shiftR": 2},
	"Toolbox": {"_TETrace": 0, "_TEPosition": 0},
	"ShiViz":  {"Host": 0, "Clock": 0},
	"Relation": {"IsReflexive": 2, "IsIrreflexive": 2, "IsSymmetric": 2, "IsAntiSymmetric": 2, "IsAsymmetric": 2,
		"IsTransitive": 2, "IsStrictlyPartiallyOrdered": 2, "IsPartiallyOrdered": 2, "IsStrictlyTotallyOrdered": 2,
		"IsTotallyOrdered": 2, "IsReflexiveUnder": 2, "IsIrreflexiveUnder": 2, "IsSymmetricUnder": 2,
		"IsAntiSymmetricUnder": 2, "IsAsymmetricUnder": 2, "IsTransitiveUnder": 2,
		"IsStrictlyPartiallyOrderedUnder": 2, "IsPartiallyOrderedUnder": 2, "IsStrictlyTotallyOrderedUnder": 2,
		"IsTotallyOrderedUnder": 2, "TransitiveClosure": 2, "ReflexiveTransitiveClosure": 2, "IsConnected": 2},
	"Graphs": {"IsDirectedGraph": 1, "DirectedSubgraph": 1, "Transpose": 1, "IsUndirectedGraph": 1,
		"UndirectedSubgraph": 1, "Path": 1, "SimplePath": 1, "AreConnectedIn": 3, "ConnectionsIn": 1,
		"IsStronglyConnected": 1, "IsTreeWithRoot": 2},
	"UndirectedGraphs": {"IsUndirectedGraph": 1, "IsLoopFreeUndirectedGraph": 1, "UndirectedSubgraph": 1,
		"Path": 1, "SimplePath": 1, "ConnectedComponents": 1, "AreConnectedIn": 3, "IsStronglyConnected": 1,
		"UndirectedGraphs": 1},
	"Graph": {"Graphs": 1, "Subgraph": 2, "ConnectedEdge": 1, "Undirected": 1, "Acyclic": 1, "WeaklyConnected": 1},
	"HTML": {"StringFill": 2, "StringSeqToString": 2, "HTMLDocument": 3, "HTMLClass": 2, "HTMLAttribute": 2,
		"HTMLDefaultStyle": 0, "HTMLStyleSheet": 1, "HTMLScriptFile": 1, "HTMLScript": 1, "HTMLLink": 2,
		"HTMLHeader": 3, "HTMLBody": 1, "HTMLFrame": 2, "HTMLGridContainer": 3, "HTMLBox": 4, "HTMLCircle": 4,
		"HTMLText": 2, "HTMLSVG": 4, "HTMLSize": 2, "HTMLNewLine": 0, "HTMLFlexCenterAttributes": 0,
		"HTMLJSLineElems": 2, "HTMLJSLine": 4, "HTMLJSLineDash": 4, "HTMLJSKeyListener": 1, "HTMLJSNavigationKey": 2},
	"Combinatorics":   {"choose": 2},
	"DyadicRationals": {"IsDyadicRational": 1, "Zero": 0, "One": 0, "Add": 2, "Half": 1, "PrettyPrint": 1},
	"Statistics":      {"ChiSquare": 3},
	"VectorClocks":    {"IsCausalOrder": 2, "CausalOrder": 4},
	"BagsExt": {"BagAdd": 2, "BagRemove": 2, "BagRemoveAll": 2, "MapThenFoldBag": 5, "FoldBag": 3, "SumBag": 1,
		"ProductBag": 1},
	"TLCExt": {"AssertEq": 2, "AssertError": 2, "Trace": 0, "CounterExample": 0, "ToTrace": 1,
		"TLCModelValue": 1, "TLCDefer": 1, "TLCNoOp": 1, "PickSuccessor": 1, "TLCCache": 2,
		"TLCGetOrDefault": 2, "TLCGetAndSet": 4, "TLCFP": 1, "TLCEvalDefinition": 1},
	"Randomization": {"RandomSubset": 2, "RandomSetOfSubsets": 3, "RandomSubsetSet": 3, "TestRandomSetOfSubsets": 3},
	"CSV":           {"CSVWrite": 3, "CSVRead": 3, "CSVRecords": 1},
	"SVG": {"SVGElem": 4, "Line": 5, "Circle": 4, "Rect": 5, "Text": 4, "Image": 6, "Group": 2, "Svg": 2,
		"SVGDoc": 6, "SVGElemToString": 1, "NodeOfRingNetwork": 5, "PointOnLine": 3, "NodesOfDirectedMultiGraph": 3,
		"SVGSerialize": 3},
	"NaturalsInduction": {"NatInductiveDefHypothesis": 3, "NatInductiveDefConclusion": 3,
		"FiniteNatInductiveDefHypothesis": 5, "FiniteNatInductiveDefConclusion": 5},
	"WellFoundedInduction": {"IsTransitivelyClosedOn": 2, "IsWellFoundedOn": 2, "SetLessThan": 3, "WFDefOn": 3,
		"OpDefinesFcn": 3, "WFInductiveDefines": 3, "WFInductiveUnique": 2, "TransitiveClosureOn": 2,
		"OpToRel": 2, "PreImage": 3, "LexPairOrdering": 4, "LexProductOrdering": 3},
	"SequenceOps": {"Cons": 2, "InsertAt": 3, "RemoveAt": 2, "Front": 1, "Last": 1, "Reverse": 1,
		"IsPrefix": 2, "IsStrictPrefix": 2, "IsSuffix": 2, "IsStrictSuffix": 2},
	"FunctionsFork": {"Restrict": 2, "Range": 1, "Inverse": 3, "IsInjective": 1, "Injection": 2,
		"Surjection": 2, "Bijection": 2, "ExistsInjection": 2, "ExistsSurjection": 2, "ExistsBijection": 2},
	"RealTime": {"RTBound": 4, "RTnow": 1},
	"Quorum":   {"QuorumSystem": 1},
	"SequenceOpTheorems": {"StrictPrefixesDetermineDef": 2, "StrictSuffixesDetermineDef": 2,
		"TailInductiveDefHypothesis": 4, "TailInductiveDefConclusion": 4,
		"FrontInductiveDefHypothesis": 4, "FrontInductiveDefConclusion": 4},
	// The other TLAPS theorem modules export only what they extend.
	"FunctionForkTheorems": {}, "QuorumTheorems": {}, "FiniteSetTheorems": {}, "FunctionTheorems": {}, "SequenceTheorems": {}, "SequencesExtTheorems": {},
	"FiniteSetsExtTheorems": {}, "FoldsTheorems": {}, "BagsTheorems": {},
}

func TestNames(t *testing.T) {
	want := []string{"Bags", "BagsExt", "BagsTheorems", "Bitwise", "CSV", "Combinatorics", "DyadicRationals",
		"FiniteSetTheorems", "FiniteSets", "FiniteSetsExt", "FiniteSetsExtTheorems", "Folds", "FoldsTheorems",
		"FunctionForkTheorems", "FunctionTheorems", "Functions", "FunctionsFork", "Graph", "Graphs", "HTML", "IOUtils", "Integers",
		"Json", "Naturals", "NaturalsInduction", "Quorum", "QuorumTheorems", "Randomization", "RealTime", "Reals",
		"Relation", "SVG", "SequenceOpTheorems", "SequenceOps", "SequenceTheorems", "Sequences", "SequencesExt",
		"SequencesExtTheorems", "ShiViz", "Statistics", "TLAPS", "TLC", "TLCExt", "Toolbox", "UndirectedGraphs",
		"VectorClocks", "WellFoundedInduction"}
	if got := stdlib.Names(); !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	for _, bad := range []string{"", "ProtoReals", "../x", "Naturals.tla", "sub/Naturals"} {
		if stdlib.Has(bad) {
			t.Errorf("Has(%q) = true", bad)
		}
	}
}

// TestModulesDefineTheirOperators parses every module and checks that it
// defines (without LOCAL) each documented operator with the right arity.
func TestModulesDefineTheirOperators(t *testing.T) {
	for _, name := range stdlib.Names() {
		src, ok := stdlib.Source(name)
		if !ok {
			t.Fatalf("Source(%s) missing", name)
		}
		m, err := syntax.ParseModule(name+".tla", src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if m.Name != name {
			t.Errorf("%s.tla holds module %s", name, m.Name)
		}
		public := map[string]int{}
		for _, u := range m.Units {
			if d, ok := u.(*ast.OpDef); ok && !d.Local {
				public[d.Name] = len(d.Params)
			}
		}
		want, ok := exported[name]
		if !ok {
			t.Errorf("%s: no expectation", name)
			continue
		}
		for op, arity := range want {
			got, ok := public[op]
			switch {
			case !ok:
				t.Errorf("%s does not define %s", name, op)
			case got != arity:
				t.Errorf("%s defines %s with %d parameters, want %d", name, op, got, arity)
			}
		}
	}
}
