#!/usr/bin/env python3
"""add_branches.py REPO COUNT [PREFIX]: adds COUNT branches to REPO, forking at commits spread
over main's first-parent line (several at the same commit), each editing, adding or deleting
rollouts and reviews that exist at its fork, with plumbing only (no checkout)."""
import os
import re
import subprocess
import sys

repo, count = os.path.abspath(sys.argv[1]), int(sys.argv[2])
prefix = sys.argv[3] if len(sys.argv) > 3 else "h"
os.chdir(repo)
env = dict(os.environ, GIT_AUTHOR_NAME="Br", GIT_AUTHOR_EMAIL="b@x", GIT_COMMITTER_NAME="Br",
           GIT_COMMITTER_EMAIL="b@x", GIT_INDEX_FILE=os.path.join(repo, ".git", "h3-index"))


def git(*args, data=None):
    return subprocess.run(["git", *args], input=data, capture_output=True, check=True,
                          env=env).stdout


line = git("rev-list", "--first-parent", "main").decode().split()
line.reverse()
clock = 1900000000
rollout_re = re.compile(r"^partners/([^/]+)/apps/([^/]+)/rollouts/([^/]+)\.yaml$")
for n in range(count):
    # Spread the forks, with every third branch sharing the fork of the one before.
    at = (n - n % 3 if n % 3 == 1 else n) * 7919 % len(line)
    at = max(at, len(line) // 3)  # forks after the first rollouts exist
    fork = line[at % len(line)]
    files = git("ls-tree", "-r", "--name-only", fork).decode().split("\n")
    rollouts = [f for f in files if rollout_re.match(f)]
    if not rollouts:
        continue
    target = rollouts[(n * 31) % len(rollouts)]
    partner, app, rid = rollout_re.match(target).groups()
    review = f"partners/{partner}/apps/{app}/reviews/{rid}.yaml"
    git("read-tree", fork)
    kind = n % 6
    steps = []
    content = git("cat-file", "blob", f"{fork}:{target}")
    if kind == 0:  # edit the rollout
        steps.append([(target, content + f"# edit {n}\n".encode())])
    elif kind == 1:  # a new rollout, then its approval
        new_id = f"{90 + n % 9}.{n}.0"
        new = content.replace(f"id: {rid}".encode(), f"id: {new_id}".encode())
        path = f"partners/{partner}/apps/{app}/rollouts/{new_id}.yaml"
        body = (f"apiVersion: miniapp.momo.vn/v1\nkind: Review\nrollout: {new_id}\npartner: {partner}\n"
                f"app: {app}\nreviewer: r\nverdict: approved\n").encode()
        steps.append([(path, new)])
        steps.append([(f"partners/{partner}/apps/{app}/reviews/{new_id}.yaml", body)])
    elif kind == 2:  # delete the rollout
        steps.append([(target, None)])
    elif kind == 3:  # set or change its review
        body = (f"apiVersion: miniapp.momo.vn/v1\nkind: Review\nrollout: {rid}\npartner: {partner}\n"
                f"app: {app}\nreviewer: r\nverdict: changes-requested\ndefects:\n  - code: OTHER\n"
                f"    note: n{n}\n").encode()
        steps.append([(review, body)])
        steps.append([(target, content + b"# resubmit\n")])
    elif kind == 4:  # delete its review, when it has one
        steps.append([(review, None) if review in files else (target, content + b"# x\n")])
    else:  # edit then delete
        steps.append([(target, content + b"# e\n")])
        steps.append([(target, None)])
    parent = fork
    for changes in steps:
        for path, data in changes:
            if data is None:
                git("update-index", "--force-remove", path)
            else:
                blob = git("hash-object", "-w", "--stdin", data=data).decode().strip()
                git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
        tree = git("write-tree").decode().strip()
        clock += 60
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{clock} +0700"
        parent = git("commit-tree", tree, "-p", parent, "-m", f"branch {n} kind {kind}").decode().strip()
    git("update-ref", f"refs/heads/{prefix}/{n:04d}-k{kind}", parent)
os.remove(env["GIT_INDEX_FILE"])
print("added", count, "branches to", repo)
