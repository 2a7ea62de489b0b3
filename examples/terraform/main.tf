# Create an RDS for MySQL instance, then wait with hwtasks (hwcloud.tasks) until RDS runs no task on
# it any more, before anything is created inside it.  See README.md beside this file.
#
# Credentials: the environment, read by the provider and by hwtasks alike (HW_ACCESS_KEY and
# HW_SECRET_KEY; on Open Telekom Cloud OS_ACCESS_KEY and OS_SECRET_KEY).  Never put them in a query:
# Terraform keeps queries in its plan and state.

terraform {
  required_version = ">= 1.3"
  required_providers {
    huaweicloud = {
      source  = "huaweicloud/huaweicloud"
      version = ">= 1.60"
    }
    # opentelekomcloud = {
    #   source  = "opentelekomcloud/opentelekomcloud"
    #   version = ">= 1.36"
    # }
    external = {
      source  = "hashicorp/external"
      version = ">= 2.3"
    }
  }
}

variable "region" {
  description = "Region of the instance, e.g. cn-north-4 (Huawei Cloud) or eu-de (Open Telekom Cloud)."
  type        = string
  default     = "cn-north-4"
}

variable "cloud" {
  description = "Domain the API endpoints are under: myhuaweicloud.com, or otc.t-systems.com for Open Telekom Cloud."
  type        = string
  default     = "myhuaweicloud.com"
}

variable "hwtasks" {
  description = "Path of hwtasks. Empty: the bin/hwtasks of the collection this example is part of."
  type        = string
  default     = ""
}

variable "vpc_id" { type = string }
variable "subnet_id" { type = string }
variable "security_group_id" { type = string }
variable "availability_zone" { type = string }

variable "db_password" {
  type      = string
  sensitive = true
}

variable "job_id" {
  description = "An RDS job id, when an API call outside Terraform started the work (optional)."
  type        = string
  default     = ""
}

locals {
  # hashicorp/external runs the program directly (no shell, no ~ expansion): an absolute path.
  hwtasks = var.hwtasks != "" ? pathexpand(var.hwtasks) : abspath("${path.module}/../../bin/hwtasks")
}

provider "huaweicloud" {
  region = var.region
}

resource "huaweicloud_rds_instance" "db" {
  name              = "app-mysql"
  flavor            = "rds.mysql.n1.large.2"
  vpc_id            = var.vpc_id
  subnet_id         = var.subnet_id
  security_group_id = var.security_group_id
  availability_zone = [var.availability_zone]

  db {
    type     = "MySQL"
    version  = "8.0"
    password = var.db_password
  }

  volume {
    type = "CLOUDSSD"
    size = 40
  }
}

# Open Telekom Cloud: the same instance with its own provider (set cloud = "otc.t-systems.com" and
# region = "eu-de"), and opentelekomcloud_rds_instance_v3.db.id as instance_id below.
#
# resource "opentelekomcloud_rds_instance_v3" "db" {
#   name              = "app-mysql"
#   flavor            = "rds.mysql.c2.large"
#   vpc_id            = var.vpc_id
#   subnet_id         = var.subnet_id
#   security_group_id = var.security_group_id
#   availability_zone = [var.availability_zone]
#
#   db {
#     type     = "MySQL"
#     version  = "8.0"
#     password = var.db_password
#   }
#
#   volume {
#     type = "CLOUDSSD"
#     size = 40
#   }
# }

# Waits until the instance's task list shows no Running task: read at apply time right after the
# instance is created (its id is unknown before), and on every later plan (one request when idle).
data "external" "rds_idle" {
  program = [local.hwtasks, "terraform"]
  query = {
    instance_id   = huaweicloud_rds_instance.db.id
    region        = var.region
    cloud         = var.cloud
    timeout       = "3600"
    poll_interval = "10"
  }
}

# What needs an idle instance takes its id from the wait, which makes it wait too.
resource "huaweicloud_rds_mysql_database" "app" {
  instance_id   = data.external.rds_idle.result.instance_id
  name          = "app"
  character_set = "utf8mb4"
}

# The alternative when the job id is known: wait on that job; a failed job fails the apply with
# the cloud's fail_reason.
data "external" "rds_job" {
  count   = var.job_id == "" ? 0 : 1
  program = [local.hwtasks, "terraform"]
  query = {
    job_id  = var.job_id
    region  = var.region
    cloud   = var.cloud
    timeout = "3600"
  }
}

output "instance_wait" {
  description = "id, state, idle, running_tasks, elapsed, polls, ... all strings."
  value       = data.external.rds_idle.result
}

output "job" {
  value = one(data.external.rds_job[*].result)
}
