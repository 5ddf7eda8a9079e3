package realtest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRealClusterMutualTLS runs three real processes whose peers speak mutual TLS, configured
// the way `dsref kv serve -peer-cert -peer-key -peer-ca` is; then restarts one with a
// certificate from another CA: the others refuse it, and it learns nothing. The merged trace
// must be a behavior of tla/Raft.tla.
//
// Tests RAFT-NET-1.
func TestRealClusterMutualTLS(t *testing.T) {
	dir := t.TempDir()
	good := writePKI(t, dir, "good")
	rogue := writePKI(t, dir, "rogue")
	c, err := StartClusterWith(os.Args[0], dir, 3, Options{Direct: true, Traces: true, TLS: func(uint64) (string, string, string) { return good[0], good[1], good[2] }})
	require.NoError(t, err)
	defer c.Stop()
	put := func(node uint64, key, value string) {
		require.Eventually(t, func() bool {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_, err := c.Clients[node].Put(ctx, key, value)
			return err == nil
		}, Liveness, 20*time.Millisecond, "put %s on node %d", key, node)
	}
	put(1, "a", "over TLS")
	require.Eventually(t, func() bool {
		r, err := c.Clients[3].Get(context.Background(), "a")
		return err == nil && r.Value == "over TLS"
	}, Liveness, 20*time.Millisecond)

	c.Kill(3)
	c.SetTLS(3, rogue[0], rogue[1], rogue[2])
	require.NoError(t, c.Start(3))
	put(1, "b", "without node 3")
	time.Sleep(500 * time.Millisecond)
	r, err := c.Clients[3].GetSerializable(context.Background(), "b")
	require.NoError(t, err)
	require.False(t, r.Found, "a node with a foreign certificate must learn nothing")
	require.Eventually(t, func() bool {
		logs := c.Tail(1, 200) + c.Tail(2, 200)
		return strings.Contains(logs, "certificate")
	}, Liveness, 50*time.Millisecond, "the members log the refused handshakes:\n%s", c.Tail(1, 200)+c.Tail(2, 200))
	c.Stop()
	validateMergedTraces(t, c, func(format string, args ...any) { t.Fatalf(format, args...) })
}

// writePKI writes a CA and a certificate for 127.0.0.1 signed by it; it returns the paths of
// the certificate, its key and the CA certificate.
func writePKI(t *testing.T, dir, name string) [3]string {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name + " CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: name + " node"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	paths := [3]string{filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem"), filepath.Join(dir, name+"-ca.pem")}
	for i, blk := range []*pem.Block{{Type: "CERTIFICATE", Bytes: der}, {Type: "EC PRIVATE KEY", Bytes: keyDER}, {Type: "CERTIFICATE", Bytes: caDER}} {
		require.NoError(t, os.WriteFile(paths[i], pem.EncodeToMemory(blk), 0o600))
	}
	return paths
}
