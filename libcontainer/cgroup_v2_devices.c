/* cgroup_v2_devices.c: linux.resources.devices on cgroup2, which has no devices files: an eBPF
 * program of type BPF_PROG_TYPE_CGROUP_DEVICE built from the rules, attached with raw bpf(2) calls. */
#include <errno.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "cleanup.h"

#define FIELD "linux.resources.devices"

/* What every container may use whatever its rules say, appended after the config's rules by both
 * drivers (as runc and youki do): mknod of any device, the standard character devices, ptys, tun. */
#define RULE(t, maj, min, acc)                                                                                         \
	{                                                                                                              \
		.allow = true, .type = (char *)(t), .major = {(maj) >= 0, (maj)}, .minor = {(min) >= 0, (min)},        \
		.access = (char *)(acc)                                                                                \
	}
const lc_device_cgroup_rule lc_cg_default_device_rules[] = {
    RULE("c", -1, -1, "m"), RULE("b", -1, -1, "m"),    RULE("c", 1, 3, "rwm"), RULE("c", 1, 5, "rwm"),
    RULE("c", 1, 7, "rwm"), RULE("c", 1, 8, "rwm"),    RULE("c", 1, 9, "rwm"), RULE("c", 5, 0, "rwm"),
    RULE("c", 5, 1, "rwm"), RULE("c", 136, -1, "rwm"), RULE("c", 5, 2, "rwm"), RULE("c", 10, 200, "rwm"),
};
const size_t lc_cg_default_device_rules_len = sizeof(lc_cg_default_device_rules) / sizeof(*lc_cg_default_device_rules);
#undef RULE

/* ---- building the program ---- */

/* The registers the program keeps the request in (R1 holds the context on entry, then scratch). */
enum { R0 = 0, R1, R2_TYPE, R3_ACCESS, R4_MAJOR, R5_MINOR };

typedef struct {
	struct bpf_insn *items;
	size_t len, cap;
	bool out_of_memory;
} program;

static void emit(program *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (p->len == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct bpf_insn *grown = realloc(p->items, cap * sizeof(*grown));
		if (grown == NULL) {
			p->out_of_memory = true;
			return;
		}
		p->items = grown;
		p->cap = cap;
	}
	p->items[p->len++] = (struct bpf_insn){.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

/* A conditional jump to the end of the current rule's block; its offset is patched by end_rule. */
static void emit_skip(program *p, uint8_t op, uint8_t reg, int32_t imm)
{
	emit(p, BPF_JMP32 | op | BPF_K, reg, 0, 0, imm);
}

static int parse_type(const lc_device_cgroup_rule *rule, size_t index, int *type, lc_error **err)
{
	if (rule->type == NULL || strcmp(rule->type, "a") == 0)
		*type = 0;
	else if (strcmp(rule->type, "c") == 0)
		*type = BPF_DEVCG_DEV_CHAR;
	else if (strcmp(rule->type, "b") == 0)
		*type = BPF_DEVCG_DEV_BLOCK;
	else
		return lc_fail(err, 0, FIELD "[%zu].type: invalid type \"%s\" (expected a, c or b)", index, rule->type);
	return 0;
}

/* "rwm" letters to BPF_DEVCG_ACC_* bits; none (or absent) means all, as in the v1 files. */
static int parse_access(const lc_device_cgroup_rule *rule, size_t index, int32_t *access, lc_error **err)
{
	*access = 0;
	for (const char *c = rule->access ? rule->access : ""; *c != '\0'; c++) {
		if (*c == 'r')
			*access |= BPF_DEVCG_ACC_READ;
		else if (*c == 'w')
			*access |= BPF_DEVCG_ACC_WRITE;
		else if (*c == 'm')
			*access |= BPF_DEVCG_ACC_MKNOD;
		else
			return lc_fail(err, 0, FIELD "[%zu].access: invalid access \"%s\" (expected letters of rwm)",
			               index, rule->access);
	}
	if (*access == 0)
		*access = BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;
	return 0;
}

static int parse_number(lc_opt_i64 n, size_t index, const char *what, int32_t *out, bool *wildcard, lc_error **err)
{
	*wildcard = !n.has || n.value < 0;
	if (*wildcard)
		return 0;
	if (n.value > UINT32_MAX)
		return lc_fail(err, 0, FIELD "[%zu].%s: %" PRId64 " is out of range", index, what, n.value);
	*out = (int32_t)(uint32_t)n.value;
	return 0;
}

/* One rule's block: checks that jump past it when the request does not match, then the verdict.
 * Returns 1 when the rule matches every request (type "a"), so earlier rules are unreachable. */
static int emit_rule(program *p, const lc_device_cgroup_rule *rule, size_t index, lc_error **err)
{
	int type = 0;
	int32_t access, major = 0, minor = 0;
	bool any_major, any_minor;
	size_t start = p->len;

	if (parse_type(rule, index, &type, err) < 0 || parse_access(rule, index, &access, err) < 0 ||
	    parse_number(rule->major, index, "major", &major, &any_major, err) < 0 ||
	    parse_number(rule->minor, index, "minor", &minor, &any_minor, err) < 0)
		return -1;
	/* As in the v1 files, type "a" is every device and every access whatever else it says. */
	if (type == 0) {
		emit(p, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, rule->allow ? 1 : 0);
		emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		return 1;
	}
	emit_skip(p, BPF_JNE, R2_TYPE, type);
	if (access != (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD)) {
		/* An allow rule must cover every access asked for; a deny rule applies when it names any
		 * of them, so "deny w" also refuses an open for read and write. */
		emit(p, BPF_ALU | BPF_MOV | BPF_X, R1, R3_ACCESS, 0, 0);
		if (rule->allow) {
			emit(p, BPF_ALU | BPF_AND | BPF_K, R1, 0, 0, ~access & 7);
			emit_skip(p, BPF_JNE, R1, 0);
		} else {
			emit(p, BPF_ALU | BPF_AND | BPF_K, R1, 0, 0, access);
			emit_skip(p, BPF_JEQ, R1, 0);
		}
	}
	if (!any_major)
		emit_skip(p, BPF_JNE, R4_MAJOR, major);
	if (!any_minor)
		emit_skip(p, BPF_JNE, R5_MINOR, minor);
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, rule->allow ? 1 : 0);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	if (p->out_of_memory)
		return 0;
	/* Every conditional jump of the block lands just past its exit. */
	for (size_t i = start; i < p->len; i++) {
		uint8_t op = BPF_OP(p->items[i].code);
		if (BPF_CLASS(p->items[i].code) == BPF_JMP32 && (op == BPF_JNE || op == BPF_JEQ))
			p->items[i].off = (int16_t)(p->len - i - 1);
	}
	return 0;
}

/* Rules apply as in the v1 files, where a later rule overrides an earlier one: the program tries
 * the list from its end and the first rule that matches decides. No match denies. */
int lc_cg_v2_devices_program(const lc_resources *r, struct bpf_insn **insns, size_t *len, lc_error **err)
{
	program p = {0};
	size_t total = r->devices_len + lc_cg_default_device_rules_len;
	int done = 0;

	/* The request: access_type = (access << 16) | device type, then major and minor. */
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, R2_TYPE, R1, offsetof(struct bpf_cgroup_dev_ctx, access_type), 0);
	emit(&p, BPF_ALU | BPF_MOV | BPF_X, R3_ACCESS, R2_TYPE, 0, 0);
	emit(&p, BPF_ALU | BPF_AND | BPF_K, R2_TYPE, 0, 0, 0xffff);
	emit(&p, BPF_ALU | BPF_RSH | BPF_K, R3_ACCESS, 0, 0, 16);
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, R4_MAJOR, R1, offsetof(struct bpf_cgroup_dev_ctx, major), 0);
	emit(&p, BPF_LDX | BPF_MEM | BPF_W, R5_MINOR, R1, offsetof(struct bpf_cgroup_dev_ctx, minor), 0);
	for (size_t i = total; done == 0 && i > 0; i--) {
		bool is_default = i > r->devices_len;
		size_t index = is_default ? i - 1 - r->devices_len : i - 1;
		const lc_device_cgroup_rule *rule =
		    is_default ? &lc_cg_default_device_rules[index] : &r->devices[index];
		done = emit_rule(&p, rule, index, err);
		if (done < 0) {
			free(p.items);
			return -1;
		}
	}
	if (done == 0) {
		emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 0);
		emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
	if (p.out_of_memory) {
		free(p.items);
		return lc_fail(err, ENOMEM, FIELD);
	}
	*insns = p.items;
	*len = p.len;
	return 0;
}

/* ---- loading and attaching ---- */

static int bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int load(const struct bpf_insn *insns, size_t len, lc_error **err)
{
	union bpf_attr attr;
	char log[4096] = "";

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)len;
	attr.license = (uint64_t)(uintptr_t) "Apache-2.0";
	int fd = bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0)
		return fd;
	int saved = errno;
	/* Ask again with the verifier's log, only to explain the refusal. */
	attr.log_buf = (uint64_t)(uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	fd = bpf(BPF_PROG_LOAD, &attr);
	if (fd >= 0)
		return fd;
	for (size_t n = strlen(log); n > 0 && log[n - 1] == '\n'; n--)
		log[n - 1] = '\0';
	return lc_fail(err, saved, FIELD ": load the eBPF device filter (%zu instructions)%s%s", len,
	               log[0] ? ", verifier: " : "", log);
}

/* The ids of the device programs attached to this cgroup itself (not inherited ones). */
static int attached_ids(int cgroup_fd, uint32_t *ids, uint32_t *count, lc_error **err)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.query.target_fd = (uint32_t)cgroup_fd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
	attr.query.prog_cnt = *count;
	if (bpf(BPF_PROG_QUERY, &attr) < 0)
		return lc_fail(err, errno, FIELD ": query the cgroup's device programs");
	*count = attr.query.prog_cnt < *count ? attr.query.prog_cnt : *count;
	return 0;
}

static int detach(int cgroup_fd, uint32_t id, lc_error **err)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_id = id;
	cleanup_close int prog_fd = bpf(BPF_PROG_GET_FD_BY_ID, &attr);
	if (prog_fd < 0)
		return errno == ENOENT ? 0
		                       : lc_fail(err, errno, FIELD ": open the previous device program %" PRIu32, id);
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cgroup_fd;
	attr.attach_bpf_fd = (uint32_t)prog_fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	if (bpf(BPF_PROG_DETACH, &attr) < 0 && errno != ENOENT)
		return lc_fail(err, errno, FIELD ": detach the previous device program %" PRIu32, id);
	return 0;
}

int lc_cg_v2_devices_apply(int cgroup_fd, const lc_resources *r, lc_error **err)
{
	cleanup_free struct bpf_insn *insns = NULL;
	uint32_t old[64];
	uint32_t old_count = sizeof(old) / sizeof(*old);
	size_t len = 0;
	union bpf_attr attr;

	if (lc_cg_v2_devices_program(r, &insns, &len, err) < 0)
		return -1;
	if (attached_ids(cgroup_fd, old, &old_count, err) < 0)
		return -1;
	cleanup_close int prog_fd = load(insns, len, err);
	if (prog_fd < 0)
		return -1;
	/* The new program goes on before the old ones come off, so no moment is left unfiltered;
	 * with BPF_F_ALLOW_MULTI every attached program must allow an access. */
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)cgroup_fd;
	attr.attach_bpf_fd = (uint32_t)prog_fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (bpf(BPF_PROG_ATTACH, &attr) < 0)
		return lc_fail(err, errno, FIELD ": attach the eBPF device filter to the cgroup");
	for (uint32_t i = 0; i < old_count; i++)
		if (detach(cgroup_fd, old[i], err) < 0)
			return -1;
	return 0;
}
