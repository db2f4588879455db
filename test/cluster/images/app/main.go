// Command cg-fixture-app is the only program in the distroless fixture image: PID 1 of the app
// container, serving a one-line answer on :8080 inside the pod's network namespace until SIGTERM.
// With `--config PATH` it first reads that file and exits 1 naming it when it cannot: the crashing
// pod of the `--copy` tests fails for a reason only visible inside its container.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "--config" {
		if _, err := os.ReadFile(os.Args[2]); err != nil {
			fmt.Fprintf(os.Stderr, "cg-fixture-app: cannot start without its config: %v\n", err)
			os.Exit(1)
		}
		log.Printf("cg-fixture-app read its config %s", os.Args[2])
	}
	addr := os.Getenv("CG_FIXTURE_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	srv := &http.Server{
		Addr:              addr,
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			fmt.Fprintln(w, "cg-fixture-app ok")
		}),
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	log.Printf("cg-fixture-app listening on %s as uid %d", addr, os.Getuid())
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	log.Print("cg-fixture-app stopped")
}
