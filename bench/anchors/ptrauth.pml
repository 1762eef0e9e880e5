/*
 * The bench family of trapcheck (bench/anchors/*.yaml) in Promela, for SPIN.
 *
 *   spin -a -DNCPU=2 -DNVM=2 [-DV52] ptrauth.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan -m1000000
 *
 * NCPU identical pCPUs (1..4) and NVM VMs of one vCPU each (1..9); -DV52 selects the 5.2 policy (a
 * preemptible trap handler in the host), the default is mainline (the trap fixed up at EL2). Every
 * choice below is trapcheck's (docs/model.md and BENCHMARKS.md explain them), so that pan's
 * "states, stored" equals trapcheck's distinct states with --no-symmetry: one stored state per
 * trapcheck state, one d_step per trapcheck step, and nothing else in the state vector that changes.
 *
 * One process per thread (the other task, each vCPU's); each of its steps is one d_step.
 */

#ifndef NCPU
#define NCPU 2
#endif
#ifndef NVM
#define NVM 2
#endif
#if NCPU < 1 || NCPU > 4 || NVM < 1 || NVM > 9
#error "NCPU must be 1..4 and NVM 1..9"
#endif

/* Threads that run on a pCPU: the idle task, the other task, the thread of vCPU g. */
#define IDLE 0
#define TASK 1
#define VT(g) (2 + (g))

/* Key values: nobody's (zero), the other task's, VM g's VMM's, vCPU g's guest key at version v. */
#define NOBODY 0
#define TASKKEY 1
#define VMMKEY(g) (2 + (g))
#define GKEY(g, v) (2 + NVM + 2 * (g) + (v))
#define NKEYVALUES (2 + 3 * NVM)

/* Where a vCPU thread is; 5.2's trap handler positions follow (the op each is about to run). */
#define OUT 0
#define HOST 1
#define GUEST 2
#define H_SET_VCPU_HCR 3
#define H_SAVE_HOST_KEYS 4
#define H_RESOLVED 5
#define H_APIA_SAVED 6

/* Modelled keys: 0 APIA (address class), 1 APGA (generic class). */
typedef Cpu {
	byte thread;
	byte reg[2];
	byte hostctx[2];   /* this pCPU's host context */
	bit api;           /* physical HCR_EL2.API, .APK */
	bit apk
};
typedef Vcpu {
	bit initialised;
	byte loc;
	byte target;       /* 5.2: the pCPU + 1 whose host context save_host_keys resolved, else 0 */
	bit trapclass;     /* 5.2: class of the instruction that trapped, while in the handler */
	bit api;           /* the vCPU's copy of API/APK */
	bit apk;
	byte save[2];      /* key save area, relative: see SAVE() */
	byte ver[2]        /* version the guest last wrote to each key */
};
Cpu cpu[NCPU];
Vcpu vcpu[NVM];

/*
 * A save area starts with the vCPU's own key at version 0, but a Promela initialiser is one
 * constant for all elements, and an initialising step would add a state. So the save area holds
 * key values shifted by the vCPU's own v0 key (modulo NKEYVALUES): 0 means GKEY(g, 0). A bijection.
 */
#define SAVE(g, k) ((vcpu[g].save[k] + GKEY(g, 0)) % NKEYVALUES)
#define SET_SAVE(g, k, x) vcpu[g].save[k] = ((x) + NKEYVALUES - GKEY(g, 0)) % NKEYVALUES

/* Constant false: an assertion (cond || name) that fails prints the invariant's name. */
bit no_key_leakage;
bit guest_keys_intact;
bit host_keys_intact;
bit api_apk_cleared_on_load;
bit trap_bits_match_vcpu;

#if NCPU == 1
#define RUNNING(t) (cpu[0].thread == (t))
#elif NCPU == 2
#define RUNNING(t) (cpu[0].thread == (t) || cpu[1].thread == (t))
#elif NCPU == 3
#define RUNNING(t) (cpu[0].thread == (t) || cpu[1].thread == (t) || cpu[2].thread == (t))
#else
#define RUNNING(t) (cpu[0].thread == (t) || cpu[1].thread == (t) || cpu[2].thread == (t) || cpu[3].thread == (t))
#endif

/* The state invariants of pCPU p, checked after every step that ran on p. */
inline check_cpu(p) {
	if
	:: cpu[p].thread == TASK ->
		assert(cpu[p].reg[0] == TASKKEY && cpu[p].reg[1] == TASKKEY || host_keys_intact);
		assert((cpu[p].reg[0] == TASKKEY || cpu[p].reg[0] == NOBODY) && (cpu[p].reg[1] == TASKKEY || cpu[p].reg[1] == NOBODY)
			|| no_key_leakage)
	:: cpu[p].thread >= VT(0) && vcpu[cpu[p].thread - VT(0)].loc == OUT ->
		assert(cpu[p].reg[0] == VMMKEY(cpu[p].thread - VT(0)) && cpu[p].reg[1] == VMMKEY(cpu[p].thread - VT(0))
			|| host_keys_intact);
		assert((cpu[p].reg[0] == VMMKEY(cpu[p].thread - VT(0)) || cpu[p].reg[0] == NOBODY)
			&& (cpu[p].reg[1] == VMMKEY(cpu[p].thread - VT(0)) || cpu[p].reg[1] == NOBODY) || no_key_leakage)
	:: cpu[p].thread >= VT(0) && vcpu[cpu[p].thread - VT(0)].loc == GUEST ->
		assert(cpu[p].api == vcpu[cpu[p].thread - VT(0)].api && cpu[p].apk == vcpu[cpu[p].thread - VT(0)].apk
			|| trap_bits_match_vcpu);
	:: else -> skip
	fi
}

/* vcpu_load on p: every vCPU of the family has ptrauth, so clear_vcpu_hcr [API, APK]. */
inline vcpu_load(g, p) {
	vcpu[g].api = 0;
	vcpu[g].apk = 0;
	assert(!vcpu[g].api && !vcpu[g].apk || api_apk_cleared_on_load)
}

/* __switch_to: the thread's keys; inside KVM_RUN vcpu_load follows. */
inline switch_in(g, p) {
	cpu[p].thread = VT(g);
	cpu[p].reg[0] = VMMKEY(g);
	cpu[p].reg[1] = VMMKEY(g);
	if
	:: vcpu[g].loc != OUT -> vcpu_load(g, p)
	:: else -> skip
	fi
}

/* Preempted (vcpu_put has no ops); the idle task runs with its keys, zero. */
inline preempt(p) {
	cpu[p].thread = IDLE;
	cpu[p].reg[0] = NOBODY;
	cpu[p].reg[1] = NOBODY
}

/* KVM_ARM_VCPU_INIT: vcpu_reset's einval branch is for a vCPU without ptrauth, none here. */
inline vcpu_init(g) {
	vcpu[g].api = 0;
	vcpu[g].apk = 0;
	SET_SAVE(g, 0, GKEY(g, 0));
	SET_SAVE(g, 1, GKEY(g, 0));
	vcpu[g].ver[0] = 0;
	vcpu[g].ver[1] = 0;
	vcpu[g].initialised = 1
}

/* switch_out: if vcpu_hcr.API, save the guest's keys and restore the host's from this pCPU. */
inline switch_out(g, p) {
	if
	:: vcpu[g].api ->
		SET_SAVE(g, 0, cpu[p].reg[0]);
		SET_SAVE(g, 1, cpu[p].reg[1]);
		cpu[p].reg[0] = cpu[p].hostctx[0];
		cpu[p].reg[1] = cpu[p].hostctx[1]
	:: else -> skip
	fi
}

/* switch_in of the world switch: if vcpu_hcr.API, restore the guest's keys. */
inline world_switch_in(g, p) {
	if
	:: vcpu[g].api ->
		cpu[p].reg[0] = SAVE(g, 0);
		cpu[p].reg[1] = SAVE(g, 1)
	:: else -> skip
	fi
}

/* Leaving the guest: switch_out, guest_exit (no ops), then the host's HCR: API/APK clear. */
inline exit_guest(g, p) {
	switch_out(g, p);
	cpu[p].api = 0;
	cpu[p].apk = 0;
	vcpu[g].loc = HOST
}

/* A trap. Mainline: at EL2, one step; 5.2: leave the guest for the host-context handler. */
inline trap(g, p, k) {
#ifdef V52
	exit_guest(g, p);
	vcpu[g].trapclass = k;
	vcpu[g].loc = H_SET_VCPU_HCR
#else
	switch_out(g, p);
	cpu[p].hostctx[0] = cpu[p].reg[0];
	cpu[p].hostctx[1] = cpu[p].reg[1];
	vcpu[g].api = 1;
	vcpu[g].apk = 1;
	cpu[p].api = 1;
	cpu[p].apk = 1;
	world_switch_in(g, p)
#endif
}

/* A guest's sign, auth or key read of key k on p: its own key, at the version it last wrote. */
inline use_key(g, p, k) {
	assert(cpu[p].reg[k] == NOBODY || cpu[p].reg[k] == GKEY(g, 0) || cpu[p].reg[k] == GKEY(g, 1)
		|| no_key_leakage);
	assert(cpu[p].reg[k] == GKEY(g, vcpu[g].ver[k]) || guest_keys_intact)
}

/*
 * 5.2's handler: set_vcpu_hcr [API, APK]; save_host_keys = resolve the target (this pCPU), then one
 * step per key, each reading the pCPU the thread runs on now.
 */
inline handler_step(g, p) {
	if
	:: vcpu[g].loc == H_SET_VCPU_HCR ->
		vcpu[g].api = 1;
		vcpu[g].apk = 1;
		vcpu[g].loc = H_SAVE_HOST_KEYS
	:: vcpu[g].loc == H_SAVE_HOST_KEYS ->
		vcpu[g].target = p + 1;
		vcpu[g].loc = H_RESOLVED
	:: vcpu[g].loc == H_RESOLVED ->
		cpu[vcpu[g].target - 1].hostctx[0] = cpu[p].reg[0];
		vcpu[g].loc = H_APIA_SAVED
	:: vcpu[g].loc == H_APIA_SAVED ->
		cpu[vcpu[g].target - 1].hostctx[1] = cpu[p].reg[1];
		vcpu[g].target = 0;
		vcpu[g].trapclass = 0;
		vcpu[g].loc = HOST
	fi
}

/* The pCPU the stepping thread runs on, found at the start of its step; 0 between steps. */
byte p;
#define FIND_CPU(t) p = 0; do :: cpu[p].thread == (t) -> break :: else -> p++ od

/* A PAC instruction (trapped by API) or a key-register access (trapped by APK) of key k. */
#define INSN_USE(k, trapbit) \
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc == GUEST -> FIND_CPU(VT(g)); \
		if :: cpu[p].trapbit -> use_key(g, p, k) :: else -> trap(g, p, k) fi; \
		check_cpu(p); p = 0 }
#define INSN_WRITE(k, v) \
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc == GUEST -> FIND_CPU(VT(g)); \
		if \
		:: cpu[p].apk -> cpu[p].reg[k] = GKEY(g, v); vcpu[g].ver[k] = v \
		:: else -> trap(g, p, k) \
		fi; \
		check_cpu(p); p = 0 }
/* Sign and auth (PAC instructions) and key read of key k, then a key write of each version. */
#define GUEST_INSNS(k) INSN_USE(k, api) INSN_USE(k, api) INSN_USE(k, apk) INSN_WRITE(k, 0) INSN_WRITE(k, 1)

/* A switch-in to pCPU q, one choice per pCPU; the steps of a running thread find their pCPU. */
#define VCPU_SWITCH_IN(q) :: d_step { cpu[q].thread == IDLE && !RUNNING(VT(g)) -> switch_in(g, q); check_cpu(q) }
#define TASK_SWITCH_IN(q) \
	:: d_step { cpu[q].thread == IDLE && !RUNNING(TASK) -> \
		cpu[q].thread = TASK; cpu[q].reg[0] = TASKKEY; cpu[q].reg[1] = TASKKEY; check_cpu(q) }

#if NCPU > 1
#define CPU1(x) x
#else
#define CPU1(x)
#endif
#if NCPU > 2
#define CPU2(x) x
#else
#define CPU2(x)
#endif
#if NCPU > 3
#define CPU3(x) x
#else
#define CPU3(x)
#endif
#define ON_EACH_CPU(M) M(0) CPU1(M(1)) CPU2(M(2)) CPU3(M(3))

/*
 * One process per thread. Between steps every process is at the top of its loop, so a global
 * state is one trapcheck state; all the variables are global, so SPIN's partial-order reduction
 * has nothing to reduce.
 */
active proctype other_task()
{
end:	do
	ON_EACH_CPU(TASK_SWITCH_IN)
	:: d_step { RUNNING(TASK) -> FIND_CPU(TASK); preempt(p); p = 0 }
	od
}

#define g (_pid - 1)

active [NVM] proctype vcpu_thread()
{
end:	do
	ON_EACH_CPU(VCPU_SWITCH_IN)
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc != GUEST -> FIND_CPU(VT(g)); preempt(p); p = 0 }
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc == OUT -> FIND_CPU(VT(g)); vcpu_init(g); check_cpu(p); p = 0 }
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc == OUT && vcpu[g].initialised -> FIND_CPU(VT(g));
		vcpu[g].loc = HOST; vcpu_load(g, p); check_cpu(p); p = 0 }
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc == HOST -> FIND_CPU(VT(g)); vcpu[g].loc = OUT; check_cpu(p); p = 0 }
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc == HOST -> FIND_CPU(VT(g));
		cpu[p].api = vcpu[g].api; cpu[p].apk = vcpu[g].apk;   /* guest_enter: activate_traps */
		world_switch_in(g, p); vcpu[g].loc = GUEST; check_cpu(p); p = 0 }
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc == GUEST -> FIND_CPU(VT(g)); exit_guest(g, p); check_cpu(p); p = 0 }
#ifdef V52
	:: d_step { RUNNING(VT(g)) && vcpu[g].loc >= H_SET_VCPU_HCR -> FIND_CPU(VT(g)); handler_step(g, p); check_cpu(p); p = 0 }
#endif
	GUEST_INSNS(0)
	GUEST_INSNS(1)
	od
}
