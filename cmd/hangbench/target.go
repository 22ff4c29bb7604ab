package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// target is a bot process to measure.
type target struct {
	Name string
	// Command builds the process for a fake Discord at origin with its
	// files in dir.
	Command func(origin, dir string) *exec.Cmd
	// Safety says the bot shows the safety card before a user's first log.
	Safety bool
	// Seeded says -seed-users and -seed-hangs fill the database file DB
	// (in the process's dir) before the process starts.
	Seeded bool
	DB     string
	// Ready waits until the process serves interactions.
	Ready func(ctx context.Context, srv *discordtest.Server) error
	// Answered tells a successful reply from an error.
	Answered func(cb discordtest.Callback) bool
	// Endpoint says interactions go to the bot's interactions endpoint
	// (HANGTIME_PUBLIC_ADDR, HANGTIME_PUBLIC_KEY) instead of the gateway.
	Endpoint bool
}

// hangtimeDB is the bot's database file in its directory.
const hangtimeDB = "hangtime.db"

func hangtimeTarget(bin string) target {
	return target{
		Name: "hangtime",
		Command: func(origin, dir string) *exec.Cmd {
			cmd := exec.Command(bin)
			cmd.Env = append(minimalEnv(), "DISCORD_TOKEN=bench", "DISCORD_API_BASE="+origin, "HANGTIME_DB="+filepath.Join(dir, hangtimeDB))
			return cmd
		},
		Safety: true,
		Seeded: true,
		DB:     hangtimeDB,
		Ready: func(ctx context.Context, srv *discordtest.Server) error {
			// Registered commands mean READY was handled: the bot serves.
			_, err := srv.WaitRequest(ctx, func(r discordtest.Request) bool {
				return r.Method == "PUT" && strings.HasSuffix(r.Path, "/commands")
			})
			return err
		},
		Answered: func(cb discordtest.Callback) bool {
			return cb.Data != nil && strings.Contains(cb.Data.Content, "Logged")
		},
	}
}

// hangtimeHTTPTarget is hangtime without a gateway, answering through its
// interactions endpoint.
func hangtimeHTTPTarget(bin string) target {
	t := hangtimeTarget(bin)
	t.Name, t.Endpoint = "hangtime-http", true
	cmd := t.Command
	t.Command = func(origin, dir string) *exec.Cmd {
		c := cmd(origin, dir)
		c.Env = append(c.Env, "HANGTIME_GATEWAY=off")
		return c
	}
	return t
}

// baselineTarget is the minimal bot; idle, when not 0, is how many idle
// connections its transport keeps per host.
func baselineTarget(self string, idle int) target {
	return target{
		Name: "baseline",
		Command: func(origin, dir string) *exec.Cmd {
			cmd := exec.Command(self, baselineArg)
			cmd.Env = append(minimalEnv(), "DISCORD_TOKEN=bench", "DISCORD_API_BASE="+origin, fmt.Sprintf("%s=%d", baselineIdleEnv, idle))
			return cmd
		},
		Ready: func(ctx context.Context, srv *discordtest.Server) error { return srv.WaitReady(ctx) },
		Answered: func(cb discordtest.Callback) bool {
			return cb.Data != nil && cb.Data.Content == baselineReply
		},
	}
}

// minimalEnv passes on only what a Go program may need from ours.
func minimalEnv() []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "GOMAXPROCS", "GOGC", "GOMEMLIMIT", "GODEBUG", "HANGTIME_LOG_LEVEL"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// buildHangtime builds the bot into dir, as the Dockerfile does.
func buildHangtime(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "hangtime")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, "github.com/hangtime/hangtime/cmd/hangtime")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build hangtime (run hangbench inside the module, or pass -bin): %w\n%s", err, out)
	}
	return bin, nil
}

// process is a started target.
type process struct {
	cmd  *exec.Cmd
	logs *bytes.Buffer
	done chan error
}

func start(t target, origin, dir string, logs *bytes.Buffer, env ...string) (*process, error) {
	p := &process{cmd: t.Command(origin, dir), logs: logs, done: make(chan error, 1)}
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = logs, logs
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", t.Name, err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	return p, nil
}

// stop sends SIGTERM and waits (at most 10 s, then kills).
func (p *process) stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		return err
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("did not stop within 10s of SIGTERM")
	}
}

// procStats are a process's memory (kB) and CPU time as the kernel reports
// them.
type procStats struct {
	RSS, PeakRSS int64 // VmRSS, VmHWM
	CPU          time.Duration
}

// readProc reads /proc/<pid>/status and /proc/<pid>/stat (Linux only; zero
// elsewhere).
func readProc(pid int) procStats {
	var ps procStats
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
		ps.RSS, ps.PeakRSS = parseStatus(b)
	}
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		ps.CPU = parseStatCPU(b)
	}
	return ps
}

// parseStatus returns VmRSS and VmHWM in kB.
func parseStatus(b []byte) (rss, peak int64) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			rss = n
		case "VmHWM":
			peak = n
		}
	}
	return rss, peak
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

// parseStatCPU returns utime + stime from /proc/<pid>/stat.
func parseStatCPU(b []byte) time.Duration {
	// The command name, field 2, is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	// After the name: state is field 3, utime 14 and stime 15.
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / clockTicks
}

func numCPU() int { return runtime.NumCPU() }
