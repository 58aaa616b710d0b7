#!/usr/bin/env bash
# Bring up a single-node Slurm cluster on localhost (munged + slurmctld + slurmd), as root, on a
# bare Debian 12 machine without systemd or usable cgroups; used by .ci/run for
# test/cluster/slurm.cluster.test.ts. See ../shared/SLURM-NOTES.md for what this is built from.
#
# Idempotent: installs the packages only if missing, reuses daemons this script started and that
# are still running, reuses a munged that already answers (and then never stops it).
# Waits until a trivial job runs; after SLURM_UP_TIMEOUT seconds (default 60) fails with the
# daemons' logs. Every daemon it starts has its PID in $SLURM_CI_STATE/<name>.pid, which
# test/cluster/slurm-down.sh stops, also after a failed start.
#
# State (logs, PID files, spool, controller state) lives in $SLURM_CI_STATE
# (default ${TMPDIR:-/tmp}/afghan-annotator-slurm). The only file written outside it is
# /etc/slurm/slurm.conf (where the Slurm commands look), marked as ours and removed by slurm-down.sh;
# a slurm.conf that is not ours is never replaced.
set -euo pipefail

STATE=${SLURM_CI_STATE:-${TMPDIR:-/tmp}/afghan-annotator-slurm}
TIMEOUT=${SLURM_UP_TIMEOUT:-60}
CONF=/etc/slurm/slurm.conf
MARK='# written by afghan-annotator test/cluster/slurm-up.sh'
MUNGE_PIDFILE=/run/munge/munged.pid

say() { echo "slurm-up: $*" >&2; }
die() { say "$*"; exit 1; }
t0=$(date +%s.%N)
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

[ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts the Slurm daemons)"

# A daemon of ours is running: its PID file holds a live process of that name.
alive() { # name
  local f="$STATE/$1.pid" pid
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$1" ]
}

logs() {
  say "---- daemon logs ($STATE) ----"
  for f in "$STATE/slurmctld.log" "$STATE/slurmd.log" "$STATE/slurmctld.out" "$STATE/slurmd.out" /var/log/munge/munged.log; do
    [ -f "$f" ] || continue
    echo "==== $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
  sinfo -R >&2 2>/dev/null || true
}
fail() { say "$*"; logs; exit 1; }

# ---- packages (Debian 12: Slurm 22.05, munge 0.5.15) ----
need=()
command -v slurmctld >/dev/null || need+=(slurmctld)
command -v slurmd >/dev/null || need+=(slurmd)
command -v sbatch >/dev/null || need+=(slurm-client)
command -v munged >/dev/null || need+=(munge)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$STATE/ctld" "$STATE/slurmd"
chmod 0755 "$STATE"

# ---- munge: its own user (it refuses root), /run/munge made at every start ----
if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then
  alive munged || say "munged already running (not started here: left alone)"
else
  rm -f "$STATE/munged.pid"
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged --pid-file="$MUNGE_PIDFILE"
  for _ in $(seq 50); do [ -s "$MUNGE_PIDFILE" ] && break; sleep 0.1; done
  [ -s "$MUNGE_PIDFILE" ] || fail "munged did not start"
  cp "$MUNGE_PIDFILE" "$STATE/munged.pid"
  alive munged || fail "munged died"
  for _ in $(seq 50); do munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

# ---- slurm.conf: no systemd, no cgroups, jobs as root ----
if [ -e "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
  die "$CONF exists and was not written by this script: refusing to replace it"
fi
cpus=$(nproc)
# batch_sched_delay=0: a 2-CPU task takes the whole node, so an array's tasks run one after
# another, and with the default (3 s) each started about 3 s after the one before it ended:
# 4 trivial tasks took 12 s, 4 s with 0 (issue 14: the test file waited ~25 s on it).
# What slurmd measures, so that the node is not drained for "Low RealMemory".
mem=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -n1)
[ -n "$mem" ] || mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
mkdir -p /etc/slurm
cat >"$CONF.tmp" <<EOF
$MARK (state in $STATE)
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MailProg=/bin/true
MinJobAge=5
SchedulerParameters=batch_sched_delay=0
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
if cmp -s "$CONF.tmp" "$CONF"; then rm -f "$CONF.tmp"; else mv "$CONF.tmp" "$CONF"; fi

# ---- slurmctld (clean start) and slurmd; both daemonize and write their PID files ----
if ! alive slurmctld; then
  rm -f "$STATE/slurmctld.pid"
  slurmctld -c >"$STATE/slurmctld.out" 2>&1 </dev/null || fail "slurmctld failed to start"
fi
if ! alive slurmd; then
  rm -f "$STATE/slurmd.pid"
  slurmd -N localhost >"$STATE/slurmd.out" 2>&1 </dev/null || fail "slurmd failed to start"
fi

# ---- wait until the node is idle and a trivial job runs ----
deadline=$(( $(date +%s) + TIMEOUT ))
ok=
restarts=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  alive slurmctld || fail "slurmctld is not running"
  if ! alive slurmd; then
    # Seen once on a busy machine: slurmd shut down a second after it started. Start it again
    # (twice at most) before giving up; the logs are printed if it still will not stay up.
    [ "$restarts" -lt 2 ] || fail "slurmd is not running (started $((restarts + 1)) times)"
    restarts=$((restarts + 1))
    say "slurmd stopped right after it started: starting it again ($restarts)"
    rm -f "$STATE/slurmd.pid"
    slurmd -N localhost >>"$STATE/slurmd.out" 2>&1 </dev/null || fail "slurmd failed to start"
    sleep 0.5
    continue
  fi
  state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
  case "$state" in
    idle*|mixed*)
      if timeout 30 srun -n1 -t 1 true </dev/null >/dev/null 2>"$STATE/srun.err"; then ok=1; break; fi ;;
  esac
  sleep 0.5
done
[ -n "$ok" ] || fail "no job ran within ${TIMEOUT} s (node state: ${state:-unknown})"
say "Slurm $(sinfo -V | awk '{ print $2 }') up on localhost (CPUs=$cpus RealMemory=$mem) in $(elapsed) s; state in $STATE"
