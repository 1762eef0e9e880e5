-- The bench family of trapcheck (bench/anchors/*.yaml) in Murphi, for Rumur.
--
--   rumur --symmetry-reduction off --deadlock-detection off ptrauth.m -o ptrauth.c
--   gcc -std=c11 -O3 -mcx16 -o verifier ptrauth.c -lpthread && ./verifier
--
-- The topology and the policy are the four constants below (bench/anchors/run.sh rewrites them):
-- NCPU identical pCPUs and NVM VMs of one vCPU each; V52 chooses the 5.2 policy (a preemptible trap
-- handler in the host) over mainline (the trap fixed up at EL2); CHECKS false leaves the invariants
-- out, to count a bounded state space without stopping. Every choice is trapcheck's (see
-- docs/model.md and BENCHMARKS.md), so that without symmetry reduction the verifier's state
-- count equals trapcheck's distinct states with --no-symmetry: one Murphi state per trapcheck state,
-- one rule firing per trapcheck step. pCPUs and VMs are plain ranges: trapcheck's symmetry is exact
-- and Rumur's is not, so only the unreduced spaces are the same work.

const
  NCPU: 2;
  NVM: 2;
  V52: false;
  CHECKS: true;

  IDLE: 0;            -- threads: the idle task, the other task, then vCPU g's thread is 2 + g
  TASK: 1;
  NOBODY: 0;          -- key values: zero, the other task's, VM g's VMM's is 2 + g,
  TASKKEY: 1;         -- vCPU g's guest key at version v is 2 + NVM + 2 g + v
  OUT: 0;             -- where a vCPU thread is
  HOST: 1;
  GUEST: 2;
  H_SET_VCPU_HCR: 3;  -- 5.2's trap handler, before each op or key
  H_SAVE_HOST_KEYS: 4;
  H_RESOLVED: 5;
  H_APIA_SAVED: 6;

type
  cpu_t: 0 .. NCPU - 1;
  vm_t: 0 .. NVM - 1;
  key_t: 0 .. 1;       -- 0 APIA (address class), 1 APGA (generic class)
  version_t: 0 .. 1;
  thread_t: 0 .. NVM + 1;
  keyval_t: 0 .. 1 + 3 * NVM;
  loc_t: 0 .. 6;
  target_t: 0 .. NCPU; -- 0 none, else the pCPU + 1 whose host context save_host_keys resolved

var
  cpu: array [cpu_t] of record
    thread: thread_t;
    reg: array [key_t] of keyval_t;
    hostctx: array [key_t] of keyval_t;
    api: boolean;      -- physical HCR_EL2.API, .APK
    apk: boolean;
  end;
  vcpu: array [vm_t] of record
    initialised: boolean;
    loc: loc_t;
    target: target_t;
    trapclass: key_t;  -- 5.2: class of the instruction that trapped, while in the handler
    api: boolean;      -- the vCPU's copy of API/APK
    apk: boolean;
    save: array [key_t] of keyval_t;
    ver: array [key_t] of version_t;  -- the version the guest last wrote to each key
  end;

function vt(g: vm_t): thread_t; begin return 2 + g; end;
function vmmkey(g: vm_t): keyval_t; begin return 2 + g; end;
function gkey(g: vm_t; v: version_t): keyval_t; begin return 2 + NVM + 2 * g + v; end;

function running(t: thread_t): boolean;
begin
  return exists p: cpu_t do cpu[p].thread = t endexists;
end;

-- The key a thread's context switch installs.
function ownkey(t: thread_t): keyval_t;
begin
  if t = IDLE then return NOBODY; elsif t = TASK then return TASKKEY; else return vmmkey(t - 2); endif;
end;

-- Whether the host needs its keys on p: a task in userspace (in_kernel_ptrauth is false).
function userspace(p: cpu_t): boolean;
begin
  return cpu[p].thread = TASK | (cpu[p].thread > TASK & vcpu[cpu[p].thread - 2].loc = OUT);
end;

function guest_on(g: vm_t; p: cpu_t): boolean;
begin
  return cpu[p].thread = vt(g) & vcpu[g].loc = GUEST;
end;

-- vcpu_load: every vCPU of the family has ptrauth, so clear_vcpu_hcr [API, APK].
procedure vcpu_load(g: vm_t);
begin
  vcpu[g].api := false;
  vcpu[g].apk := false;
  if CHECKS then assert !vcpu[g].api & !vcpu[g].apk "api-apk-cleared-on-load"; endif;
end;

procedure install(p: cpu_t; t: thread_t);
begin
  cpu[p].thread := t;
  for k: key_t do cpu[p].reg[k] := ownkey(t); endfor;
end;

-- switch_out: if vcpu_hcr.API, save the guest's keys and restore the host's from this pCPU.
procedure switch_out(g: vm_t; p: cpu_t);
begin
  if vcpu[g].api then
    for k: key_t do
      vcpu[g].save[k] := cpu[p].reg[k];
      cpu[p].reg[k] := cpu[p].hostctx[k];
    endfor;
  endif;
end;

-- switch_in of the world switch: if vcpu_hcr.API, restore the guest's keys.
procedure world_switch_in(g: vm_t; p: cpu_t);
begin
  if vcpu[g].api then
    for k: key_t do cpu[p].reg[k] := vcpu[g].save[k]; endfor;
  endif;
end;

-- Leaving the guest: switch_out, guest_exit (no ops), then the host's HCR: API/APK clear.
procedure exit_guest(g: vm_t; p: cpu_t);
begin
  switch_out(g, p);
  cpu[p].api := false;
  cpu[p].apk := false;
  vcpu[g].loc := HOST;
end;

-- A trap of an instruction on key k. Mainline: fixed up at EL2 in one step; 5.2: the guest exits
-- to the host-context handler.
procedure trap(g: vm_t; p: cpu_t; k: key_t);
begin
  if V52 then
    exit_guest(g, p);
    vcpu[g].trapclass := k;
    vcpu[g].loc := H_SET_VCPU_HCR;
  else
    switch_out(g, p);
    for j: key_t do cpu[p].hostctx[j] := cpu[p].reg[j]; endfor;
    vcpu[g].api := true;
    vcpu[g].apk := true;
    cpu[p].api := true;
    cpu[p].apk := true;
    world_switch_in(g, p);
  endif;
end;

-- A sign, auth or key read of key k: the guest's own key, at the version it last wrote.
procedure use_key(g: vm_t; p: cpu_t; k: key_t);
begin
  if CHECKS then
    assert cpu[p].reg[k] = NOBODY | cpu[p].reg[k] = gkey(g, 0) | cpu[p].reg[k] = gkey(g, 1) "no-key-leakage";
    assert cpu[p].reg[k] = gkey(g, vcpu[g].ver[k]) "guest-keys-intact";
  endif;
end;

startstate "boot"
begin
  for p: cpu_t do
    cpu[p].thread := IDLE;
    for k: key_t do cpu[p].reg[k] := NOBODY; cpu[p].hostctx[k] := NOBODY; endfor;
    cpu[p].api := false;
    cpu[p].apk := false;
  endfor;
  for g: vm_t do
    vcpu[g].initialised := false;
    vcpu[g].loc := OUT;
    vcpu[g].target := 0;
    vcpu[g].trapclass := 0;
    vcpu[g].api := false;
    vcpu[g].apk := false;
    for k: key_t do vcpu[g].save[k] := gkey(g, 0); vcpu[g].ver[k] := 0; endfor;
  endfor;
end;

ruleset p: cpu_t do
  rule "task switch_in" cpu[p].thread = IDLE & !running(TASK) ==> begin install(p, TASK); end;
  rule "task preempted" cpu[p].thread = TASK ==> begin install(p, IDLE); end;

  ruleset g: vm_t do
    rule "switch_in" cpu[p].thread = IDLE & !running(vt(g)) ==>
    begin
      install(p, vt(g));
      if vcpu[g].loc != OUT then vcpu_load(g); endif;
    end;

    -- vcpu_put has no ops; the idle task runs with its keys, zero.
    rule "preempted" cpu[p].thread = vt(g) & vcpu[g].loc != GUEST ==> begin install(p, IDLE); end;

    -- vcpu_reset's einval branch is for a vCPU without ptrauth, none here.
    rule "KVM_ARM_VCPU_INIT" cpu[p].thread = vt(g) & vcpu[g].loc = OUT ==>
    begin
      vcpu[g].api := false;
      vcpu[g].apk := false;
      for k: key_t do vcpu[g].save[k] := gkey(g, 0); vcpu[g].ver[k] := 0; endfor;
      vcpu[g].initialised := true;
    end;

    rule "KVM_RUN" cpu[p].thread = vt(g) & vcpu[g].loc = OUT & vcpu[g].initialised ==>
    begin
      vcpu[g].loc := HOST;
      vcpu_load(g);
    end;

    rule "return to userspace" cpu[p].thread = vt(g) & vcpu[g].loc = HOST ==> begin vcpu[g].loc := OUT; end;

    -- guest_enter (activate_traps), then switch_in.
    rule "enter the guest" cpu[p].thread = vt(g) & vcpu[g].loc = HOST ==>
    begin
      cpu[p].api := vcpu[g].api;
      cpu[p].apk := vcpu[g].apk;
      world_switch_in(g, p);
      vcpu[g].loc := GUEST;
    end;

    rule "exit the guest" guest_on(g, p) ==> begin exit_guest(g, p); end;

    -- 5.2's handler: set_vcpu_hcr [API, APK]; save_host_keys resolves its target (this pCPU), then
    -- saves one key per step from whichever pCPU the thread runs on then.
    rule "trap handler step" V52 & cpu[p].thread = vt(g) & vcpu[g].loc >= H_SET_VCPU_HCR ==>
    begin
      switch vcpu[g].loc
      case H_SET_VCPU_HCR:
        vcpu[g].api := true;
        vcpu[g].apk := true;
        vcpu[g].loc := H_SAVE_HOST_KEYS;
      case H_SAVE_HOST_KEYS:
        vcpu[g].target := p + 1;
        vcpu[g].loc := H_RESOLVED;
      case H_RESOLVED:
        cpu[vcpu[g].target - 1].hostctx[0] := cpu[p].reg[0];
        vcpu[g].loc := H_APIA_SAVED;
      else
        cpu[vcpu[g].target - 1].hostctx[1] := cpu[p].reg[1];
        vcpu[g].target := 0;
        vcpu[g].trapclass := 0;
        vcpu[g].loc := HOST;
      endswitch;
    end;

    -- Guest instructions on key k: PAC instructions trap on API clear, key accesses on APK clear.
    ruleset k: key_t do
      rule "sign" guest_on(g, p) ==>
      begin if cpu[p].api then use_key(g, p, k); else trap(g, p, k); endif; end;
      rule "auth" guest_on(g, p) ==>
      begin if cpu[p].api then use_key(g, p, k); else trap(g, p, k); endif; end;
      rule "key read" guest_on(g, p) ==>
      begin if cpu[p].apk then use_key(g, p, k); else trap(g, p, k); endif; end;
      ruleset v: version_t do
        rule "key write" guest_on(g, p) ==>
        begin
          if cpu[p].apk then
            cpu[p].reg[k] := gkey(g, v);
            vcpu[g].ver[k] := v;
          else
            trap(g, p, k);
          endif;
        end;
      endruleset;
    endruleset;
  endruleset;
endruleset;

-- A task in userspace runs with its own keys: not zero (host-keys-intact), not another's (both).
invariant "host-keys-intact"
  !CHECKS | forall p: cpu_t do !userspace(p) | forall k: key_t do cpu[p].reg[k] = ownkey(cpu[p].thread) endforall endforall;

invariant "no-key-leakage"
  !CHECKS | forall p: cpu_t do !userspace(p) | forall k: key_t do
    cpu[p].reg[k] = ownkey(cpu[p].thread) | cpu[p].reg[k] = NOBODY endforall endforall;

invariant "trap-bits-match-vcpu"
  !CHECKS | forall g: vm_t do forall p: cpu_t do
    !guest_on(g, p) | (cpu[p].api = vcpu[g].api & cpu[p].apk = vcpu[g].apk) endforall endforall;
