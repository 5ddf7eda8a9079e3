// Package quorumtest checks package quorum exhaustively and statistically, with oracles that
// do not use quorum's own intersection logic: every small configuration parsed from its text is
// judged by closed-form rules and brute force over subsets, and the closed-form staleness of
// probabilistically bounded staleness (PBS) is compared with a Monte Carlo run. The tests of
// this package and the `dsref conform` stage for quorums use it. It also holds the datadriven
// runner (TestData, RunTest) that quorum's scenario scripts run on.
package quorumtest
