// Command vcsim runs govmomi's vCenter simulator (Debian's golang-github-vmware-govmomi-dev 0.24.2, which ships the
// simulator package but not upstream's vcsim command) with what the vSphere provider's tests need on top: a
// vSphere 6.0 view for yavijava 6.0 (-compat60), one SOAP call at a time (-serialize), templates (-template) and
// guest IPs for powered-on VMs (-guest-ip). See README.md next to this file.
package main

import (
	"bytes"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/vmware/govmomi/lookup/simulator"
	_ "github.com/vmware/govmomi/pbm/simulator"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	_ "github.com/vmware/govmomi/sts/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

// listFlag collects a repeatable, comma-separated flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// soapLock is held for each /sdk call (with -serialize), by the guest-IP loop and while templates are made.
var soapLock sync.Mutex

// templateDiskGiB, when positive, is the capacity -template gives the template's disks (-template-disk-gib).
var templateDiskGiB = flag.Int("template-disk-gib", 0, "give each -template VM's disks this capacity in GiB (e.g. 120, as an OpenShift MachineSet's diskGiB, so clones need no resize)")

func main() {
	model := simulator.VPX()
	listen := flag.String("l", "127.0.0.1:8989", "listen address (port 0 picks a free port)")
	useTLS := flag.Bool("tls", true, "serve https with Go's built-in localhost test certificate")
	username := flag.String("username", "", "the only user name Login accepts (empty: any non-empty user and password)")
	password := flag.String("password", "", "the only password Login accepts")
	trace := flag.Bool("trace", false, "write every SOAP request and response to stderr")
	endpoints := flag.Bool("api", false, "also serve the lookup, PBM, STS and vAPI REST endpoints")
	idle := flag.Duration("session-idle-timeout", 0, "expire sessions idle this long (0: never)")
	compat60 := flag.Bool("compat60", false, "serve a vSphere 6.0 view that yavijava 6.0 can parse")
	serialize := flag.Bool("serialize", false, "handle one SOAP call at a time (WaitForUpdates long polls excepted)")
	guestIP := flag.String("guest-ip", "", "give powered-on non-template VMs the guest IP PREFIX.N (N from 10), e.g. 192.0.2")
	var templates listFlag
	flag.Var(&templates, "template", "VM[=NEWNAME],...: power off, rename, set vmx-15 and mark as template at start")
	flag.IntVar(&model.Datacenter, "dc", model.Datacenter, "number of datacenters")
	flag.IntVar(&model.Cluster, "cluster", model.Cluster, "clusters per datacenter")
	flag.IntVar(&model.ClusterHost, "host", model.ClusterHost, "hosts per cluster")
	flag.IntVar(&model.Host, "standalone-host", model.Host, "standalone hosts per datacenter")
	flag.IntVar(&model.Pool, "pool", model.Pool, "child resource pools per cluster")
	flag.IntVar(&model.Datastore, "ds", model.Datastore, "datastores")
	flag.IntVar(&model.Machine, "vm", model.Machine, "VMs per resource pool")
	flag.IntVar(&model.Portgroup, "pg", model.Portgroup, "DVS portgroups per datacenter")
	flag.IntVar(&model.Folder, "folder", model.Folder, "folders per datacenter")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	if flag.NArg() > 0 {
		log.Fatalf("unexpected arguments %q", flag.Args())
	}
	if *guestIP != "" && strings.Count(*guestIP, ".") != 2 {
		log.Fatalf("-guest-ip wants three octets like 192.0.2, not %q", *guestIP)
	}
	simulator.Trace = *trace
	simulator.SessionIdleTimeout = *idle

	if *compat60 {
		blankHostTemplate()
	}
	if err := model.Create(); err != nil {
		log.Fatalf("creating the model: %v", err)
	}
	if *compat60 {
		// A 6.0 client has no fields for these 6.5 managers: yavijava fails the login on the first of them.
		content := &simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance).Content
		content.VStorageObjectManager, content.HostSpecManager, content.CryptoManager = nil, nil, nil
		content.HealthUpdateManager, content.FailoverClusterConfigurator, content.FailoverClusterManager = nil, nil, nil
	}
	for _, t := range templates {
		if err := makeTemplate(t); err != nil {
			model.Remove()
			log.Fatalf("-template %s: %v", t, err)
		}
	}

	svc := model.Service
	svc.RegisterEndpoints = *endpoints
	svc.Listen = &url.URL{Host: *listen}
	if *username != "" {
		svc.Listen.User = url.UserPassword(*username, *password)
	}
	// The front handler below is installed after NewServer has started serving; TLS handshakes wait for it, which
	// orders the installation before every request (over plain http a request in that instant would bypass it).
	ready := make(chan struct{})
	if *useTLS {
		svc.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			<-ready
			return nil, nil
		}}
	}
	server := svc.NewServer()
	server.Config.Handler = &front{next: server.Config.Handler, serialize: *serialize, compat60: *compat60}
	close(ready)
	if *guestIP != "" {
		go giveGuestIPs(*guestIP)
	}

	u := *server.URL
	u.User = nil // the password stays out of logs
	fmt.Printf("export GOVC_URL=%s GOVC_USERNAME=%s GOVC_INSECURE=1 GOVC_SIM_PID=%d\n", u.String(), *username, os.Getpid())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	log.Printf("stopping on %v", <-stop)
	closed := make(chan struct{})
	go func() { server.Close(); close(closed) }()
	select { // Close waits for calls in flight; a WaitForUpdates long poll may never end on its own
	case <-closed:
	case <-time.After(2 * time.Second):
		server.CloseClientConnections()
	}
	model.Remove() // the VM and disk files under $TMPDIR/govcsim-*
	log.Print("stopped")
}

// blankHostTemplate removes the vSphere 6.5+ fields of the esx host template that yavijava 6.0's
// HostSystem.getConfig() cannot parse. Must run before Model.Create copies the template into each host.
func blankHostTemplate() {
	esx.HostConfigInfo.DeploymentInfo = nil
	esx.HostConfigInfo.GraphicsConfig = nil
	for i := range esx.HostConfigInfo.IoFilterInfo {
		esx.HostConfigInfo.IoFilterInfo[i].Type = ""
	}
	for _, lun := range esx.HostStorageDeviceInfo.ScsiLun {
		if disk, ok := lun.(*types.HostScsiDisk); ok {
			disk.ScsiDiskType = ""
		}
	}
}

// findVM returns the VM named name, or nil.
func findVM(name string) *simulator.VirtualMachine {
	for _, e := range simulator.Map.All("VirtualMachine") {
		if e.Entity().Name == name {
			return e.(*simulator.VirtualMachine)
		}
	}
	return nil
}

// makeTemplate turns the VM of spec "NAME" or "NAME=NEWNAME" into a powered-off vmx-15 template named NEWNAME
// (with disks of -template-disk-gib GiB when given).
func makeTemplate(spec string) error {
	name, newName := spec, spec
	if i := strings.IndexByte(spec, '='); i >= 0 {
		name, newName = spec[:i], spec[i+1:]
	}
	vm := findVM(name)
	if vm == nil {
		return fmt.Errorf("no VM named %q", name)
	}
	if newName != name && findVM(newName) != nil {
		return fmt.Errorf("a VM named %q exists already", newName)
	}
	soapLock.Lock()
	defer soapLock.Unlock()
	var err error
	simulator.Map.WithLock(vm, func() {
		off := types.VirtualMachinePowerStatePoweredOff
		simulator.Map.Update(vm, []types.PropertyChange{
			{Name: "runtime.powerState", Val: off},
			{Name: "summary.runtime.powerState", Val: off},
			{Name: "name", Val: newName},
			{Name: "config.name", Val: newName},
			{Name: "summary.config.name", Val: newName},
			{Name: "config.version", Val: "vmx-15"},
		})
		if *templateDiskGiB > 0 {
			for _, device := range vm.Config.Hardware.Device {
				if disk, ok := device.(*types.VirtualDisk); ok {
					disk.CapacityInKB = int64(*templateDiskGiB) * 1024 * 1024
					disk.CapacityInBytes = disk.CapacityInKB * 1024
				}
			}
		}
		if fault := vm.MarkAsTemplate(&types.MarkAsTemplate{This: vm.Self}).Fault(); fault != nil {
			err = fmt.Errorf("MarkAsTemplate: %s %T", fault.String, fault.Detail.Fault)
		}
	})
	return err
}

// giveGuestIPs runs forever: every 100 ms each powered-on non-template VM without a guest IP gets one (the same
// one again after a power cycle), as if VMware Tools reported it; a VM that is off loses its guest state.
func giveGuestIPs(prefix string) {
	assigned := map[types.ManagedObjectReference]string{}
	for range time.Tick(100 * time.Millisecond) {
		soapLock.Lock()
		vms := simulator.Map.All("VirtualMachine")
		exists := map[types.ManagedObjectReference]bool{}
		for _, e := range vms {
			exists[e.Reference()] = true
		}
		used := map[string]bool{}
		for ref, ip := range assigned {
			if exists[ref] {
				used[ip] = true
			} else {
				delete(assigned, ref) // destroyed: its address is free again
			}
		}
		for _, e := range vms {
			vm := e.(*simulator.VirtualMachine)
			simulator.Map.WithLock(vm, func() {
				if err := publishGuest(vm, prefix, assigned, used); err != nil {
					log.Printf("guest IP for %s: %v", vm.Name, err)
				}
			})
		}
		soapLock.Unlock()
	}
}

func publishGuest(vm *simulator.VirtualMachine, prefix string, assigned map[types.ManagedObjectReference]string, used map[string]bool) error {
	if vm.Config == nil || vm.Config.Template || vm.Guest == nil {
		return nil
	}
	on := vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn
	if on == (vm.Guest.IpAddress != "") {
		return nil
	}
	ip, host, state, tools := "", "", "notRunning", string(types.VirtualMachineToolsRunningStatusGuestToolsNotRunning)
	if on {
		if ip = assigned[vm.Self]; ip == "" {
			for n := 10; n < 255 && ip == ""; n++ {
				if candidate := fmt.Sprintf("%s.%d", prefix, n); !used[candidate] {
					ip = candidate
				}
			}
			if ip == "" {
				return errors.New("all addresses in use")
			}
			assigned[vm.Self], used[ip] = ip, true
		}
		host, state, tools = vm.Name, "running", string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
	}
	nics := append([]types.GuestNicInfo(nil), vm.Guest.Net...) // clones may share the source's slice
	if len(nics) > 0 {
		nics[0].IpAddress = nil
		if ip != "" {
			nics[0].IpAddress = []string{ip}
		}
	}
	simulator.Map.Update(vm, []types.PropertyChange{
		{Name: "guest.ipAddress", Val: ip},
		{Name: "guest.hostName", Val: host},
		{Name: "guest.guestState", Val: state},
		{Name: "guest.toolsRunningStatus", Val: tools},
		{Name: "guest.net", Val: nics},
		{Name: "summary.guest.ipAddress", Val: ip},
		{Name: "summary.guest.hostName", Val: host},
		{Name: "summary.guest.toolsRunningStatus", Val: tools},
	})
	return nil
}

// front wraps the simulator's handler for the SOAP paths: -serialize holds soapLock per call, -compat60 puts a
// managed-object reference's plain type attribute before its xsi:type, as a real vCenter writes it (govmomi up to
// 0.46 writes xsi:type first; yavijava takes the first attribute named type and then fails with "vijava does not
// have an associated class for this mor").
type front struct {
	next                http.Handler
	serialize, compat60 bool
}

var (
	longPoll    = regexp.MustCompile(`<(?:[\w-]+:)?WaitForUpdates`)
	xsiThenType = regexp.MustCompile(`( [\w-]+:type="[^"]*")( type="[^"]*")`)
)

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || (r.URL.Path != vim25.Path && r.URL.Path != vim25.Path+"/vimService") {
		f.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if f.serialize && !longPoll.Match(body) {
		soapLock.Lock()
		defer soapLock.Unlock()
	}
	if !f.compat60 {
		f.next.ServeHTTP(w, r)
		return
	}
	buffered := &bufferedResponse{header: w.Header(), status: http.StatusOK}
	f.next.ServeHTTP(buffered, r)
	w.WriteHeader(buffered.status)
	_, _ = w.Write(xsiThenType.ReplaceAll(buffered.body.Bytes(), []byte("$2$1")))
}

// bufferedResponse keeps a response in memory so front can rewrite it.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
