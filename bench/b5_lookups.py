"""Benchmark 5 -- 50 lookups in one play with password login, vs 50 ``uri`` calls.

Ours: 50 tasks, each ``debug`` of ``lookup('hwcloud.tasks.rds_job', <job>)`` (every task runs in a new
worker process), logging in with user name and password (HW_USER_NAME / HW_PASSWORD / HW_DOMAIN_NAME):
the login token is requested once per controller and shared.  The alternative does by hand what a
playbook without the collection must: one ``uri`` task logging in to IAM (POST /v3/auth/tokens), then
50 ``uri`` tasks reading one job each with that token.  Token requests are the emulator's own counts.
"""

from __future__ import annotations

from bench import common

LOOKUPS = 50
RUNS = common.runs(3, 1)


def plays(emu, job_ids):
    credentials = emu.credentials
    ours = [{"name": "lookup %d" % index,
             "ansible.builtin.debug": {"msg": "{{ lookup('hwcloud.tasks.rds_job', '%s').state }}" % job_id}}
            for index, job_id in enumerate(job_ids)]
    login = {"name": "login", "register": "login", "no_log": True, "ansible.builtin.uri": {
        "url": emu.url + "/v3/auth/tokens", "method": "POST", "body_format": "json", "status_code": 201,
        "body": {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": credentials["user_name"], "password": credentials["password"],
                "domain": {"name": credentials["domain_name"]}}}},
            "scope": {"project": {"id": credentials["project_id"]}}}}}}
    uri = [login] + [{"name": "uri %d" % index, "ansible.builtin.uri": {
        "url": "%s/v3/%s/jobs?id=%s" % (emu.url, credentials["project_id"], job_id),
        "headers": {"X-Auth-Token": "{{ login.x_subject_token }}"}}} for index, job_id in enumerate(job_ids)]
    return {"ours": ours, "uri": uri}


def run() -> dict:
    samples = {"ours": {"wall": [], "tokens": [], "reads": []}, "uri": {"wall": [], "tokens": [], "reads": []}}
    with common.EmulatorProcess(speed=1.0) as emu:
        credentials = emu.credentials
        password_login = dict(HW_ACCESS_KEY="", HW_SECRET_KEY="", HW_USER_NAME=credentials["user_name"],
                              HW_PASSWORD=credentials["password"], HW_DOMAIN_NAME=credentials["domain_name"])
        job_ids = [job["id"] for job in emu.jobs(LOOKUPS, duration=7200)]
        for _run in range(RUNS):
            for name, tasks in plays(emu, job_ids).items():
                emu.clear_requests()
                run_ = common.playbook(emu, "b5_%s" % name, tasks, env=password_login).check()
                counts = emu.request_counts()
                samples[name]["wall"].append(run_.wall)
                samples[name]["tokens"].append(counts.get("POST /v3/auth/tokens", 0))
                samples[name]["reads"].append(counts.get("GET /v3/{project_id}/jobs", 0))
    result = {"name": "lookups", "runs": RUNS, "lookups": LOOKUPS,
              **{name: {key: common.summary(values) for key, values in value.items()}
                 for name, value in samples.items()}}
    common.show("%d lookups in one play (password login) vs %d uri tasks" % (LOOKUPS, LOOKUPS), [
        ("lookups: IAM token requests", result["ours"]["tokens"], ""),
        ("lookups: job reads", result["ours"]["reads"], ""),
        ("lookups: play wall time", result["ours"]["wall"], "s"),
        ("uri: IAM token requests", result["uri"]["tokens"], ""),
        ("uri: job reads", result["uri"]["reads"], ""),
        ("uri: play wall time", result["uri"]["wall"], "s"),
    ])
    common.save("b5_lookups", result)
    return result


def rows(result) -> list[dict]:
    ratio = common.ratio(result["ours"]["wall"]["median"], result["uri"]["wall"]["median"])
    return [{
        "bench": "5 lookups",
        "case": "%d lookups in one play, password login" % result["lookups"],
        "ours": "%s IAM token request(s); play %s" % (
            common.fmt(result["ours"]["tokens"], 0), common.fmt(result["ours"]["wall"], 1, " s")),
        "alternative": "1 uri login + %d uri tasks: %s token request(s); play %s" % (
            result["lookups"], common.fmt(result["uri"]["tokens"], 0), common.fmt(result["uri"]["wall"], 1, " s")),
        "ratio": "wall %.2fx uri" % ratio,
        "target": "1 token request",
        "met": result["ours"]["tokens"]["max"] == 1,
    }]


if __name__ == "__main__":
    run()
