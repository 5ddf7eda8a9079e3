package vendorable

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// licenceGrant is the sentence of the Apache License 2.0 boilerplate that every NOTICE carries:
// it is what lets a user who copied one folder know the terms without the repository's LICENSE.
const licenceGrant = `licensed under the Apache License,
Version 2.0 (the "License")`

// CheckNotice reports what is wrong with the licence of root/folder: the folder must hold a
// NOTICE file naming it ("dsref/<folder>: ...") and granting the Apache License 2.0, whose
// full text is root/LICENSE. A NOTICE travels with the folder when it is copied alone.
func CheckNotice(root, folder string) error {
	licence, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	if err != nil {
		return fmt.Errorf("the repository has no licence: %w", err)
	}
	for _, want := range []string{"Apache License", "Version 2.0, January 2004", "END OF TERMS AND CONDITIONS"} {
		if !strings.Contains(string(licence), want) {
			return fmt.Errorf("LICENSE is not the Apache License 2.0: it lacks %q", want)
		}
	}
	path := filepath.Join(root, folder, "NOTICE")
	notice, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s/ has no licence notice: %w", folder, err)
	}
	text := string(notice)
	if !strings.HasPrefix(text, "dsref/"+folder+": ") {
		return fmt.Errorf("%s/NOTICE does not start by naming its folder (\"dsref/%s: ...\")", folder, folder)
	}
	if !strings.Contains(text, licenceGrant) || !strings.Contains(text, "http://www.apache.org/licenses/LICENSE-2.0") {
		return fmt.Errorf("%s/NOTICE does not grant the Apache License 2.0 with its address", folder)
	}
	return nil
}
