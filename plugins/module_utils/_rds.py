# -*- coding: utf-8 -*-
# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The RDS task APIs, answered as normalised records."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.hwcloud.tasks.plugins.module_utils import _records, _schemas
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError

# How many requests one task keeps in flight at once.
MAX_CONCURRENCY = 16

# The job API answers an id it does not know (a job created seconds ago, or older than a month)
# with an error whose status the documents do not give: 404, or 400 for an id it rejects.  Only an
# answer in the cloud's error format counts: an HTML 404 means a wrong endpoint, not an unknown job.
JOB_UNKNOWN_STATUSES = (400, 404)


def get_job(client, job_id, deadline=None):
    """``GET /v3/{project_id}/jobs?id=``: the job's record, or a ``found: false`` record."""
    try:
        answer = client.call("rds", "GET", "/v3/{project_id}/jobs", params={"id": job_id},
                             schema=_schemas.RDS_JOB, deadline=deadline)
    except HwCloudError as error:
        if error.status in JOB_UNKNOWN_STATUSES and error.error_code:
            return _records.not_found(job_id, error)
        raise
    return _records.rds_job(answer["job"])


def get_jobs(client, job_ids, deadline=None):
    """Several jobs at once, in the order asked."""
    if len(job_ids) == 1:
        return [get_job(client, job_ids[0], deadline)]
    with ThreadPoolExecutor(max_workers=min(MAX_CONCURRENCY, len(job_ids))) as pool:
        return list(pool.map(lambda job_id: get_job(client, job_id, deadline), job_ids))
