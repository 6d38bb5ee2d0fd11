// Command pulumi-language-python runs Pulumi Python programs through the SDK's
// pulumi-language-python-exec script, which must sit next to this binary.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"stackgraph/engine/langhost"
)

const execScript = "pulumi-language-python-exec"

type python struct{}

// interpreter is <root>/<virtualenv>/bin/python when Pulumi.yaml names a virtualenv,
// else $PULUMI_PYTHON_CMD, else the first python3 on PATH.
func interpreter(req *pulumirpc.RunRequest) string {
	if v, ok := langhost.Option(req, "virtualenv"); ok {
		if venv, ok := v.(string); ok && venv != "" {
			if !filepath.IsAbs(venv) {
				venv = filepath.Join(langhost.RootDir(req), venv)
			}
			return filepath.Join(venv, "bin", "python")
		}
	}
	if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
		return cmd
	}
	return "python3"
}

func (python) Command(req *pulumirpc.RunRequest, engine string) (*exec.Cmd, error) {
	script, err := langhost.BesideExecutable(execScript)
	if err != nil {
		return nil, err
	}
	args := []string{"-u", script,
		"--monitor", req.GetMonitorAddress(),
		"--engine", engine,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", langhost.ProgramDir(req),
		"--dry_run", strconv.FormatBool(req.GetDryRun()),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
		"--organization", req.GetOrganization(),
		"--root_directory", langhost.RootDir(req),
		langhost.EntryPoint(req),
	}
	args = append(args, req.GetArgs()...)
	cmd := exec.Command(interpreter(req), args...)
	cmd.Dir = langhost.ProgramDir(req)
	cmd.Env = []string{"PYTHONUNBUFFERED=1"}
	if cmd.Err != nil {
		return nil, fmt.Errorf("python interpreter not found: %w", cmd.Err)
	}
	return cmd, nil
}

func main() { langhost.Main("pulumi-language-python", python{}) }
