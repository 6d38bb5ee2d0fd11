// Command pulumi-language-nodejs runs Pulumi Node.js and TypeScript programs through
// @pulumi/pulumi's own cmd/run entry point, resolved from the program's node_modules.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"stackgraph/engine/langhost"
)

type nodejs struct{}

// runScript finds node_modules/@pulumi/pulumi/cmd/run the way Node resolves packages:
// in the program directory, then in each parent (so an npm workspace root works too).
func runScript(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(filepath.Join(p, "index.js")); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("could not find @pulumi/pulumi in node_modules of the program " +
				"directory or its parents: run `npm install` in the project")
		}
		dir = parent
	}
}

func (nodejs) Command(req *pulumirpc.RunRequest, engine string) (*exec.Cmd, error) {
	run, err := runScript(langhost.ProgramDir(req))
	if err != nil {
		return nil, err
	}
	args := []string{}
	if v, ok := langhost.Option(req, "nodeargs"); ok {
		if s, ok := v.(string); ok && s != "" {
			args = append(args, strings.Fields(s)...)
		}
	}
	args = append(args, run,
		"--monitor="+req.GetMonitorAddress(),
		"--engine="+engine,
		"--project="+req.GetProject(),
		"--stack="+req.GetStack(),
		"--pwd="+langhost.ProgramDir(req),
		"--parallel="+strconv.Itoa(int(req.GetParallel())),
		"--organization="+req.GetOrganization(),
		"--root-directory="+langhost.RootDir(req),
	)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, langhost.EntryPoint(req))
	args = append(args, req.GetArgs()...)
	cmd := exec.Command("node", args...)
	if cmd.Err != nil {
		return nil, fmt.Errorf("node not found: %w", cmd.Err)
	}
	cmd.Dir = langhost.ProgramDir(req)
	typescript := "true"
	if v, ok := langhost.Option(req, "typescript"); ok && v == false {
		typescript = "false"
	}
	cmd.Env = []string{"PULUMI_NODEJS_TYPESCRIPT=" + typescript}
	if v, ok := langhost.Option(req, "tsconfig"); ok {
		if s, ok := v.(string); ok && s != "" {
			cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TSCONFIG_PATH="+s)
		}
	}
	return cmd, nil
}

func main() { langhost.Main("pulumi-language-nodejs", nodejs{}) }
