#!/usr/bin/env bash
# Stop what test/cluster/slurm-up.sh started, by the PIDs in its PID files (never by name): the jobs
# still queued or running, then slurmd, slurmctld, and munged if up started it. Safe to run after a
# failed or partial start, or twice. Removes /etc/slurm/slurm.conf if up wrote it; keeps the logs
# in $SLURM_CI_STATE unless SLURM_CI_KEEP_STATE=0.
set -uo pipefail

STATE=${SLURM_CI_STATE:-${TMPDIR:-/tmp}/afghan-annotator-slurm}
CONF=/etc/slurm/slurm.conf
MARK='# written by afghan-annotator test/cluster/slurm-up.sh'

say() { echo "slurm-down: $*" >&2; }

pid_of() { # name: the PID in its file if that process is alive and has that name
  local f="$STATE/$1.pid" pid
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$1" ] && echo "$pid"
}

stop() { # name
  local pid
  if pid=$(pid_of "$1"); then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 300); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    if [ -d "/proc/$pid" ]; then
      say "$1 ($pid) did not stop in 30 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null
    fi
    say "stopped $1 ($pid)"
  fi
  rm -f "$STATE/$1.pid"
}

t0=$(date +%s.%N)
if pid_of slurmctld >/dev/null; then
  jobs=$(timeout 10 squeue -h -o %A 2>/dev/null | sort -u)
  if [ -n "$jobs" ]; then
    say "cancelling jobs $(echo $jobs)"
    timeout 10 scancel $jobs 2>/dev/null
    # Let slurmd end their steps (slurmstepd) before it stops.
    for _ in $(seq 100); do [ -z "$(timeout 5 squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.2; done
  fi
fi
stop slurmd
stop slurmctld
stop munged
if [ -f "$CONF" ] && grep -qF "$MARK" "$CONF"; then rm -f "$CONF"; fi
[ "${SLURM_CI_KEEP_STATE:-1}" = 0 ] && rm -rf "$STATE"
say "done in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
exit 0
