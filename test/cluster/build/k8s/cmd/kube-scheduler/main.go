// Command kube-scheduler is upstream's scheduler, built from the module proxy for the test cluster: a
// pod made without a nodeName (a `--copy` of a pod, say) needs it to leave Pending.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	os.Exit(cli.Run(app.NewSchedulerCommand()))
}
