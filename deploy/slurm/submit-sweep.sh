#!/bin/bash
# Submits a sharded ClusterSim sweep to Slurm: an array job of SHARDS tasks (deploy/slurm/sweep.sbatch) and a merge
# job that runs once every task has succeeded (--dependency=afterok), writing OUT/sweep.csv and the plots.
#   deploy/slurm/submit-sweep.sh SHARDS OUT SCENARIO [sweep options...]
# Extra sbatch options for both jobs (partition, account, time) go in SBATCH_OPTIONS, e.g. "--partition=cpu".
# Prints the merge job's id. Slurm's output files go to OUT.slurm-logs/ (shard-JOB_TASK.out, merge-JOB.out).
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: deploy/slurm/submit-sweep.sh SHARDS OUT SCENARIO [sweep options...]" >&2
  exit 2
fi
shards=$1
out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
read -r -a extra <<< "${SBATCH_OPTIONS:-}"
read -r -a clustersim <<< "${CLUSTERSIM:-clustersim}"
# Slurm's logs go beside OUT, never into it: the sweep refuses a non-empty folder that is not one of its own.
logs="${out%/}.slurm-logs"
mkdir -p "$logs"
array=$(sbatch --parsable "${extra[@]}" --array=0-$((shards - 1)) --cpus-per-task="${CPUS_PER_TASK:-1}" \
  -o "$logs/shard-%A_%a.out" "$here/sweep.sbatch" "$out" "$@")
array=${array%%;*}
merge=$(sbatch --parsable "${extra[@]}" --dependency=afterok:"$array" --job-name=clustersim-sweep-merge \
  -o "$logs/merge-%j.out" --wrap "$(printf '%q ' "${clustersim[@]}" sweep merge "$out")")
echo "${merge%%;*}"
