#!/bin/sh
# Benchmark: opening Terraform, release build.
#  1. A 1,500-line root calling a VPC module that calls a subnets module that calls an endpoints module
#     (three module levels, data sources, for_each over AZs). Goal (issue 11): under 100 ms.
#  2. 100,000 resources (issue 15: took 19.5 s), one file of resource blocks and one count.
# The reference in the same invocation is `vpcx check` on the built-in demo (process start, analysis, print).
# Usage: scripts/bench-terraform.sh [BIN]   (scripts/bench passes its release binary)
set -eu
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
bin=${1:-.build/release/vpcx}
[ -x "$bin" ] || swift build -c release --product vpcx >/dev/null
data=bench-data/terraform
python3 - "$data" <<'PY'
import os, sys
root = sys.argv[1]
def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(text)
services = ["ecr.api", "ecr.dkr", "sts", "logs", "kms", "ssm", "ssmmessages", "ec2messages", "secretsmanager", "sqs"]
# Level 3: endpoints with service names from the data source.
write(f"{root}/modules/vpc/modules/subnets/modules/endpoints/main.tf", """
variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "route_table_ids" { type = list(string) }
variable "services" { type = list(string) }
data "aws_vpc_endpoint_service" "this" {
  for_each = toset(var.services)
  service  = each.key
}
data "aws_vpc_endpoint_service" "s3" {
  service      = "s3"
  service_type = "Gateway"
}
resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = var.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
resource "aws_vpc_endpoint" "interface" {
  for_each            = data.aws_vpc_endpoint_service.this
  vpc_id              = var.vpc_id
  service_name        = each.value.service_name
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = var.vpc_id
  service_name      = data.aws_vpc_endpoint_service.s3.service_name
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_table_ids
}
output "ids" { value = [for e in aws_vpc_endpoint.interface : e.id] }
""")
# Level 2: subnets per AZ, route tables, and the endpoints module.
write(f"{root}/modules/vpc/modules/subnets/main.tf", """
variable "vpc_id" { type = string }
variable "cidr" { type = string }
variable "azs" { type = list(string) }
variable "services" { type = list(string) }
locals {
  zones = { for i, az in var.azs : az => i }
}
resource "aws_subnet" "private" {
  for_each          = local.zones
  vpc_id            = var.vpc_id
  availability_zone = each.key
  cidr_block        = cidrsubnet(var.cidr, 4, each.value)
  tags              = { Name = format("private-%s", each.key) }
}
resource "aws_route_table" "private" {
  for_each = local.zones
  vpc_id   = var.vpc_id
}
resource "aws_route_table_association" "private" {
  for_each       = local.zones
  subnet_id      = aws_subnet.private[each.key].id
  route_table_id = aws_route_table.private[each.key].id
}
module "endpoints" {
  source          = "./modules/endpoints"
  vpc_id          = var.vpc_id
  subnet_ids      = values(aws_subnet.private)[*].id
  route_table_ids = [for t in aws_route_table.private : t.id]
  services        = var.services
}
output "subnet_ids" { value = values(aws_subnet.private)[*].id }
output "endpoint_ids" { value = module.endpoints.ids }
""")
# Level 1: the VPC.
write(f"{root}/modules/vpc/main.tf", """
variable "name" { type = string }
variable "cidr" { type = string }
variable "azs" { type = list(string) }
variable "services" { type = list(string) }
resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = var.name }
}
module "subnets" {
  source   = "./modules/subnets"
  vpc_id   = aws_vpc.this.id
  cidr     = var.cidr
  azs      = var.azs
  services = var.services
}
output "vpc_id" { value = aws_vpc.this.id }
output "subnet_ids" { value = module.subnets.subnet_ids }
""")
# The root: 1,500 lines: three VPCs (prod, staging, dev) through the module, then locals and
# security groups with dynamic rules, as a platform team's root grows.
lines = ['provider "aws" {', '  region = "eu-west-1"', '}', 'data "aws_availability_zones" "available" {}']
lines += ["locals {", "  azs = slice(data.aws_availability_zones.available.names, 0, 3)"]
for i in range(300):
    lines.append(f'  value_{i} = upper(format("%s-%03d", "name", {i}))')
lines.append("}")
for n, env in enumerate(["prod", "staging", "dev"]):
    lines += [
        f'module "vpc_{n}" {{',
        '  source   = "./modules/vpc"',
        f'  name     = "{env}"',
        f'  cidr     = "10.{n}.0.0/16"',
        '  azs      = local.azs',
        f'  services = {services!r}'.replace("'", '"'),
        '}',
    ]
n = 0
while len(lines) + 21 <= 1500:
    lines += [
        f'resource "aws_security_group" "app_{n}" {{',
        f'  name   = "app-{n}-${{local.value_{n % 300}}}"',
        f'  vpc_id = module.vpc_{n % 3}.vpc_id',
        '  dynamic "ingress" {',
        '    for_each = toset([443, 8443])',
        '    content {',
        '      from_port   = ingress.value',
        '      to_port     = ingress.value',
        '      protocol    = "tcp"',
        '      cidr_blocks = ["10.0.0.0/8"]',
        '    }',
        '  }',
        '}',
        f'resource "aws_security_group_rule" "egress_{n}" {{',
        f'  security_group_id = aws_security_group.app_{n}.id',
        '  type = "egress"',
    ]
    lines += ['  from_port = 0', '  to_port = 0', '  protocol = "-1"', '  cidr_blocks = ["0.0.0.0/0"]', '}']
    n += 1
lines += ["# padding to 1,500 lines"] * (1500 - len(lines))
write(f"{root}/root/main.tf", "\n".join(lines) + "\n")
os.makedirs(f"{root}/root", exist_ok=True)
if not os.path.exists(f"{root}/root/modules"):
    os.symlink("../modules", f"{root}/root/modules")
write(f"{root}/blocks/main.tf", "".join(
    f'resource "aws_subnet" "s{i}" {{\n  vpc_id     = "vpc-1"\n  cidr_block = "10.{i // 256 % 256}.{i % 256}.0/24"\n}}\n' for i in range(100000)))
write(f"{root}/count/main.tf", 'resource "aws_eip" "x" {\n  count  = 100000\n  domain = "vpc"\n}\n')
PY
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "root: $(wc -l <"$data/root/main.tf") lines, $(find "$data/modules" -name '*.tf' | wc -l) module files, 3 module levels"
out=${TMPDIR:-/tmp}/vpcx-bench-terraform.$$
trap 'rm -f "$out"' EXIT
measure() { # LABEL COMMAND...: wall seconds of each run, and the peak RSS of the last
    label=$1; shift
    all=""
    i=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/env time -f "%e %M" -o "$out" "$@" >/dev/null 2>&1 || true
        all="$all $(tail -1 "$out" | cut -d' ' -f1)"
        i=$((i + 1))
    done
    printf '%-34s wall s:%s (peak RSS %s KB)\n' "$label" "$all" "$(tail -1 "$out" | cut -d' ' -f2)"
}
measure "reference: check (demo)" "$bin" check
measure "check 1,500-line root, 3 levels" "$bin" check "$data/root"
measure "check 100k resource blocks" "$bin" check "$data/blocks"
measure "check count = 100000" "$bin" check "$data/count"
