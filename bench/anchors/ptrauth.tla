------------------------------ MODULE ptrauth ------------------------------
(***************************************************************************)
(* The bench family of trapcheck (bench/anchors/*.yaml) in TLA+, for TLC.  *)
(*                                                                         *)
(*   java -jar "$TLA2TOOLS_JAR" -config ptrauth.cfg ptrauth.tla            *)
(*                                                                         *)
(* NCPU identical pCPUs and NVM VMs of one vCPU each; V52 chooses the 5.2  *)
(* policy (a preemptible trap handler in the host) over mainline (the trap *)
(* fixed up at EL2); CHECKS FALSE leaves the invariants out and BOUND > 0  *)
(* stops at that many steps, to count a bounded state space. Every choice  *)
(* is trapcheck's (docs/model.md, BENCHMARKS.md), so that TLC's            *)
(* distinct states equal trapcheck's with --no-symmetry: one TLA+ state    *)
(* per trapcheck state, one Next step per trapcheck step.                  *)
(***************************************************************************)
EXTENDS Naturals, TLC

CONSTANTS NCPU, NVM, V52, CHECKS, BOUND

Cpus == 0 .. NCPU - 1
Vms == 0 .. NVM - 1
Keys == 0 .. 1                  \* 0 APIA (address class), 1 APGA (generic class)
Versions == 0 .. 1

\* Threads: the idle task, the other task, vCPU g's thread.
IDLE == 0
TASK == 1
VT(g) == 2 + g
\* Key values: zero (nobody's), the other task's, VM g's VMM's, vCPU g's guest key at version v.
NOBODY == 0
TASKKEY == 1
VMMKEY(g) == 2 + g
GKEY(g, v) == 2 + NVM + 2 * g + v
\* Where a vCPU thread is; 5.2's handler positions name the op or key it runs next.
OUT == 0
HOST == 1
GUEST == 2
H_SET_VCPU_HCR == 3
H_SAVE_HOST_KEYS == 4
H_RESOLVED == 5
H_APIA_SAVED == 6

VARIABLES
    thread, reg, hostctx, api, apk,   \* per pCPU; api/apk: physical HCR_EL2.API/.APK
    initialised, loc,                 \* per vCPU
    target,     \* 5.2: the pCPU + 1 whose host context save_host_keys resolved, else 0
    trapclass,  \* 5.2: class of the instruction that trapped, while in the handler
    vapi, vapk, \* the vCPU's copy of API/APK
    save, ver   \* its key save area, the version it last wrote to each key

cpuVars == <<thread, reg, hostctx, api, apk>>
vcpuVars == <<initialised, loc, target, trapclass, vapi, vapk, save, ver>>
vars == <<cpuVars, vcpuVars>>

Init ==
    /\ thread = [p \in Cpus |-> IDLE]
    /\ reg = [p \in Cpus |-> [k \in Keys |-> NOBODY]]
    /\ hostctx = [p \in Cpus |-> [k \in Keys |-> NOBODY]]
    /\ api = [p \in Cpus |-> FALSE]
    /\ apk = [p \in Cpus |-> FALSE]
    /\ initialised = [g \in Vms |-> FALSE]
    /\ loc = [g \in Vms |-> OUT]
    /\ target = [g \in Vms |-> 0]
    /\ trapclass = [g \in Vms |-> 0]
    /\ vapi = [g \in Vms |-> FALSE]
    /\ vapk = [g \in Vms |-> FALSE]
    /\ save = [g \in Vms |-> [k \in Keys |-> GKEY(g, 0)]]
    /\ ver = [g \in Vms |-> [k \in Keys |-> 0]]

Running(t) == \E p \in Cpus : thread[p] = t
OwnKey(t) == IF t = IDLE THEN NOBODY ELSE IF t = TASK THEN TASKKEY ELSE VMMKEY(t - 2)
GuestOn(g, p) == thread[p] = VT(g) /\ loc[g] = GUEST
\* The host needs its keys on p: a task in userspace (in_kernel_ptrauth is false).
Userspace(p) == thread[p] = TASK \/ (thread[p] > TASK /\ loc[thread[p] - 2] = OUT)

\* __switch_to: thread t and its keys on p.
Install(p, t) ==
    /\ thread' = [thread EXCEPT ![p] = t]
    /\ reg' = [reg EXCEPT ![p] = [k \in Keys |-> OwnKey(t)]]

\* vcpu_load: every vCPU of the family has ptrauth, so clear_vcpu_hcr [API, APK].
VcpuLoad(g) ==
    /\ vapi' = [vapi EXCEPT ![g] = FALSE]
    /\ vapk' = [vapk EXCEPT ![g] = FALSE]
    /\ Assert(~CHECKS \/ (~vapi'[g] /\ ~vapk'[g]), "api-apk-cleared-on-load")

TaskSwitchIn(p) ==
    /\ thread[p] = IDLE /\ ~Running(TASK)
    /\ Install(p, TASK)
    /\ UNCHANGED <<hostctx, api, apk, vcpuVars>>

TaskPreempted(p) ==
    /\ thread[p] = TASK
    /\ Install(p, IDLE)
    /\ UNCHANGED <<hostctx, api, apk, vcpuVars>>

SwitchIn(g, p) ==
    /\ thread[p] = IDLE /\ ~Running(VT(g))
    /\ Install(p, VT(g))
    /\ IF loc[g] # OUT THEN VcpuLoad(g) ELSE UNCHANGED <<vapi, vapk>>
    /\ UNCHANGED <<hostctx, api, apk, initialised, loc, target, trapclass, save, ver>>

\* vcpu_put has no ops; the idle task runs with its keys, zero.
Preempted(g, p) ==
    /\ thread[p] = VT(g) /\ loc[g] # GUEST
    /\ Install(p, IDLE)
    /\ UNCHANGED <<hostctx, api, apk, vcpuVars>>

\* vcpu_reset's einval branch is for a vCPU without ptrauth, none here.
VcpuInit(g, p) ==
    /\ thread[p] = VT(g) /\ loc[g] = OUT
    /\ initialised' = [initialised EXCEPT ![g] = TRUE]
    /\ vapi' = [vapi EXCEPT ![g] = FALSE]
    /\ vapk' = [vapk EXCEPT ![g] = FALSE]
    /\ save' = [save EXCEPT ![g] = [k \in Keys |-> GKEY(g, 0)]]
    /\ ver' = [ver EXCEPT ![g] = [k \in Keys |-> 0]]
    /\ UNCHANGED <<cpuVars, loc, target, trapclass>>

KvmRun(g, p) ==
    /\ thread[p] = VT(g) /\ loc[g] = OUT /\ initialised[g]
    /\ loc' = [loc EXCEPT ![g] = HOST]
    /\ VcpuLoad(g)
    /\ UNCHANGED <<cpuVars, initialised, target, trapclass, save, ver>>

ReturnToUserspace(g, p) ==
    /\ thread[p] = VT(g) /\ loc[g] = HOST
    /\ loc' = [loc EXCEPT ![g] = OUT]
    /\ UNCHANGED <<cpuVars, initialised, target, trapclass, vapi, vapk, save, ver>>

\* guest_enter (activate_traps), then switch_in: if vcpu_hcr.API, restore the guest's keys.
EnterGuest(g, p) ==
    /\ thread[p] = VT(g) /\ loc[g] = HOST
    /\ api' = [api EXCEPT ![p] = vapi[g]]
    /\ apk' = [apk EXCEPT ![p] = vapk[g]]
    /\ reg' = IF vapi[g] THEN [reg EXCEPT ![p] = save[g]] ELSE reg
    /\ loc' = [loc EXCEPT ![g] = GUEST]
    /\ UNCHANGED <<thread, hostctx, initialised, target, trapclass, vapi, vapk, save, ver>>

\* switch_out (if vcpu_hcr.API: save the guest's keys, restore the host's from this pCPU), guest_exit
\* (no ops), the host's HCR (API/APK clear); 5.2's trap then enters its handler.
ExitEffects(g, p, nextLoc) ==
    /\ save' = IF vapi[g] THEN [save EXCEPT ![g] = reg[p]] ELSE save
    /\ reg' = IF vapi[g] THEN [reg EXCEPT ![p] = hostctx[p]] ELSE reg
    /\ api' = [api EXCEPT ![p] = FALSE]
    /\ apk' = [apk EXCEPT ![p] = FALSE]
    /\ loc' = [loc EXCEPT ![g] = nextLoc]

ExitGuest(g, p) ==
    /\ GuestOn(g, p)
    /\ ExitEffects(g, p, HOST)
    /\ UNCHANGED <<thread, hostctx, initialised, target, trapclass, vapi, vapk, ver>>

\* Mainline: at EL2, one step: switch_out, save_host_keys into this pCPU's host context,
\* set_vcpu_hcr and set_cpu_hcr [API, APK], switch_in (API is now set: restore the guest's keys).
TrapAtHyp(g, p) ==
    LET regOut == IF vapi[g] THEN hostctx[p] ELSE reg[p]
        saveOut == IF vapi[g] THEN reg[p] ELSE save[g]
    IN /\ save' = [save EXCEPT ![g] = saveOut]
       /\ hostctx' = [hostctx EXCEPT ![p] = regOut]
       /\ reg' = [reg EXCEPT ![p] = saveOut]
       /\ vapi' = [vapi EXCEPT ![g] = TRUE]
       /\ vapk' = [vapk EXCEPT ![g] = TRUE]
       /\ api' = [api EXCEPT ![p] = TRUE]
       /\ apk' = [apk EXCEPT ![p] = TRUE]
       /\ UNCHANGED <<thread, initialised, loc, target, trapclass, ver>>

TrapToHost(g, p, k) ==
    /\ ExitEffects(g, p, H_SET_VCPU_HCR)
    /\ trapclass' = [trapclass EXCEPT ![g] = k]
    /\ UNCHANGED <<thread, hostctx, initialised, target, vapi, vapk, ver>>

Trap(g, p, k) == IF V52 THEN TrapToHost(g, p, k) ELSE TrapAtHyp(g, p)

\* 5.2's handler: set_vcpu_hcr [API, APK]; save_host_keys resolves its target (this pCPU), then saves
\* one key per step from whichever pCPU the thread runs on then.
HandlerStep(g, p) ==
    /\ V52 /\ thread[p] = VT(g) /\ loc[g] >= H_SET_VCPU_HCR
    /\ CASE loc[g] = H_SET_VCPU_HCR ->
              /\ vapi' = [vapi EXCEPT ![g] = TRUE]
              /\ vapk' = [vapk EXCEPT ![g] = TRUE]
              /\ loc' = [loc EXCEPT ![g] = H_SAVE_HOST_KEYS]
              /\ UNCHANGED <<hostctx, target, trapclass>>
         [] loc[g] = H_SAVE_HOST_KEYS ->
              /\ target' = [target EXCEPT ![g] = p + 1]
              /\ loc' = [loc EXCEPT ![g] = H_RESOLVED]
              /\ UNCHANGED <<hostctx, trapclass, vapi, vapk>>
         [] loc[g] = H_RESOLVED ->
              /\ hostctx' = [hostctx EXCEPT ![target[g] - 1][0] = reg[p][0]]
              /\ loc' = [loc EXCEPT ![g] = H_APIA_SAVED]
              /\ UNCHANGED <<target, trapclass, vapi, vapk>>
         [] loc[g] = H_APIA_SAVED ->
              /\ hostctx' = [hostctx EXCEPT ![target[g] - 1][1] = reg[p][1]]
              /\ target' = [target EXCEPT ![g] = 0]
              /\ trapclass' = [trapclass EXCEPT ![g] = 0]
              /\ loc' = [loc EXCEPT ![g] = HOST]
              /\ UNCHANGED <<vapi, vapk>>
    /\ UNCHANGED <<thread, reg, api, apk, initialised, save, ver>>

\* A sign, auth or key read of key k runs on the guest's own key, at the version it last wrote.
UseKey(g, p, k) ==
    /\ Assert(~CHECKS \/ reg[p][k] \in {NOBODY, GKEY(g, 0), GKEY(g, 1)}, "no-key-leakage")
    /\ Assert(~CHECKS \/ reg[p][k] = GKEY(g, ver[g][k]), "guest-keys-intact")
    /\ UNCHANGED vars

\* PAC instructions (sign, auth) trap on API clear, key accesses on APK clear.
PacInsn(g, p, k) == GuestOn(g, p) /\ IF api[p] THEN UseKey(g, p, k) ELSE Trap(g, p, k)
KeyRead(g, p, k) == GuestOn(g, p) /\ IF apk[p] THEN UseKey(g, p, k) ELSE Trap(g, p, k)
KeyWrite(g, p, k, v) ==
    /\ GuestOn(g, p)
    /\ IF apk[p]
       THEN /\ reg' = [reg EXCEPT ![p][k] = GKEY(g, v)]
            /\ ver' = [ver EXCEPT ![g][k] = v]
            /\ UNCHANGED <<thread, hostctx, api, apk, initialised, loc, target, trapclass, vapi, vapk, save>>
       ELSE Trap(g, p, k)

VcpuStep(g, p) ==
    \/ SwitchIn(g, p) \/ Preempted(g, p) \/ VcpuInit(g, p) \/ KvmRun(g, p)
    \/ ReturnToUserspace(g, p) \/ EnterGuest(g, p) \/ ExitGuest(g, p) \/ HandlerStep(g, p)
    \/ \E k \in Keys : \/ PacInsn(g, p, k)   \* sign
                       \/ PacInsn(g, p, k)   \* auth: the same step
                       \/ KeyRead(g, p, k)
                       \/ \E v \in Versions : KeyWrite(g, p, k, v)

Next == \E p \in Cpus : TaskSwitchIn(p) \/ TaskPreempted(p) \/ \E g \in Vms : VcpuStep(g, p)

Spec == Init /\ [][Next]_vars

\* A task in userspace runs with its own keys: not zero (host-keys-intact), not another's (both).
HostKeysIntact == ~CHECKS \/ \A p \in Cpus : Userspace(p) => \A k \in Keys : reg[p][k] = OwnKey(thread[p])
NoKeyLeakage ==
    ~CHECKS \/ \A p \in Cpus : Userspace(p) => \A k \in Keys : reg[p][k] \in {OwnKey(thread[p]), NOBODY}
TrapBitsMatchVcpu ==
    ~CHECKS \/ \A g \in Vms, p \in Cpus : GuestOn(g, p) => api[p] = vapi[g] /\ apk[p] = vapk[g]

\* BOUND > 0: explore no state more than BOUND steps from the initial one (TLC's level counts states).
WithinBound == BOUND = 0 \/ TLCGet("level") <= BOUND + 1
=============================================================================
