// Package langhost is a minimal Pulumi language host: it runs a program through the
// language's own SDK entry point (Python's pulumi-language-python-exec, Node's
// @pulumi/pulumi/cmd/run) and implements only what `pulumi preview/up/destroy/refresh`
// need. It stands in for Pulumi's Python and Node.js hosts, whose Go modules the
// module proxy reachable here does not serve (see docs/engine.md).
package langhost

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// bailExitCode is the exit code both SDK entry points use for "an error was already shown".
const bailExitCode = 32

// Runtime turns a run request into the command that executes the program.
type Runtime interface {
	// Command must not tie the process to a context: like Pulumi's own hosts, the program is
	// never signalled by the host; it ends when the engine's resource monitor goes away.
	Command(req *pulumirpc.RunRequest, engine string) (*exec.Cmd, error)
}

// Version is stamped at link time (-X .../langhost.Version=v3.x.y).
var Version = "v0.0.0-dev"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	runtime Runtime

	mu     sync.Mutex
	engine string
}

func (h *host) engineAddress() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engine
}

// Handshake records the engine address when the engine uses the handshake protocol.
func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (
	*pulumirpc.LanguageHandshakeResponse, error,
) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engine = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the version this host was built as.
func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

// GetRequiredPlugins reports none: this host never asks the engine to install plugins.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (
	*pulumirpc.GetRequiredPluginsResponse, error,
) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages reports none, for the same reason.
func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (
	*pulumirpc.GetRequiredPackagesResponse, error,
) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// InstallDependencies does nothing: the project's own tooling installs dependencies.
func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest,
	grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return nil
}

// Run executes the program and maps its exit code to the engine's error/bail result.
func (h *host) Run(_ context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	cmd, err := h.runtime.Command(req, h.engineAddress())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	env, err := configEnv(req)
	if err != nil {
		return nil, err
	}
	cmd.Env = append(append(os.Environ(), cmd.Env...), env...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err = cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == bailExitCode:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", cmd.Path, err)}, nil
	}
}

// configEnv passes config the way both SDKs read it: PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS.
func configEnv(req *pulumirpc.RunRequest) ([]string, error) {
	cfg := req.GetConfig()
	if cfg == nil {
		cfg = map[string]string{}
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	keys := req.GetConfigSecretKeys()
	if keys == nil {
		keys = []string{}
	}
	secretKeys, err := json.Marshal(keys)
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(config), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeys)}, nil
}

// ProgramDir is the directory the engine asks the program to run in.
func ProgramDir(req *pulumirpc.RunRequest) string {
	if d := req.GetInfo().GetProgramDirectory(); d != "" {
		return d
	}
	return req.GetPwd()
}

// EntryPoint is the program to run, relative to ProgramDir ("." for the directory itself).
func EntryPoint(req *pulumirpc.RunRequest) string {
	if e := req.GetInfo().GetEntryPoint(); e != "" {
		return e
	}
	if p := req.GetProgram(); p != "" { //nolint:staticcheck // older engines send only this
		return p
	}
	return "."
}

// RootDir is the directory holding Pulumi.yaml.
func RootDir(req *pulumirpc.RunRequest) string {
	if d := req.GetInfo().GetRootDirectory(); d != "" {
		return d
	}
	return ProgramDir(req)
}

// Option reads a runtime option from Pulumi.yaml (`runtime: {options: {...}}`).
func Option(req *pulumirpc.RunRequest, name string) (any, bool) {
	opts := req.GetInfo().GetOptions()
	if opts == nil {
		return nil, false
	}
	v, ok := opts.AsMap()[name]
	return v, ok
}

// BesideExecutable is the path of a file that ships in the same directory as this binary.
func BesideExecutable(name string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(self); err == nil {
		self = resolved
	}
	p := filepath.Join(filepath.Dir(self), name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s must be next to %s: %w", name, self, err)
	}
	return p, nil
}

// Main is the plugin entry point: serve gRPC on a free port and print the port on stdout.
func Main(name string, rt Runtime) {
	var tracing, root string
	flag.StringVar(&tracing, "tracing", "", "ignored: tracing is not supported by this host")
	flag.StringVar(&root, "root", "", "ignored: the engine sends the root with each request")
	flag.Parse()

	h := &host{runtime: rt}
	cancel := make(chan bool)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if args := flag.Args(); len(args) > 0 {
		h.engine = args[0]
		// Exit when the engine goes away, like Pulumi's own hosts.
		hctx, hcancel := context.WithCancel(ctx)
		if err := rpcutil.Healthcheck(hctx, args[0], 5*time.Minute, hcancel); err != nil {
			fatal(name, err)
		}
		ctx = hctx
	}
	go func() {
		<-ctx.Done()
		close(cancel)
	}()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fatal(name, err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fatal(name, err)
	}
}

func fatal(name string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
	os.Exit(1)
}
