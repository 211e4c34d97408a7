# A root as people write it with the community VPC module: AZs from the data source, the module from
# the registry (installed by terraform init under .terraform/modules), its endpoints submodule, and a
# security group that reads the VPC's ID while the VPC module reads the group's ID (not a cycle).
provider "aws" {
  region = local.region
  default_tags {
    tags = { ManagedBy = "terraform" }
  }
}

data "aws_availability_zones" "available" {
  state = "available"
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  name     = "ex-${basename(path.cwd)}"
  region   = "eu-west-1"
  vpc_cidr = "10.0.0.0/16"
  azs      = slice(data.aws_availability_zones.available.names, 0, min(3, length(data.aws_availability_zones.available.names)))
  account  = data.aws_caller_identity.current.account_id
  tags     = { Example = local.name, Account = local.account }
}

module "vpc" {
  source  = "example-org/vpc/aws"
  version = "~> 6.0"

  name            = local.name
  cidr            = local.vpc_cidr
  azs             = local.azs
  private_subnets = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k)]
  public_subnets  = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k + 48)]

  enable_nat_gateway = true
  single_nat_gateway = false

  extra_security_group_ids = [resource.aws_security_group.endpoints.id]
  tags                     = local.tags
}

resource "aws_security_group" "endpoints" {
  name_prefix = "${local.name}-endpoints-"
  description = "HTTPS from the VPC"
  vpc_id      = module.vpc.vpc_id

  dynamic "ingress" {
    for_each = toset([443])
    content {
      description = "HTTPS from the VPC"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [module.vpc.vpc_cidr_block]
    }
  }
}

data "aws_iam_policy_document" "endpoint" {
  statement {
    sid       = "OnlyThisAccount"
    effect    = "Allow"
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account]
    }
  }
}

module "vpc_endpoints" {
  source = "example-org/vpc/aws//modules/vpc-endpoints"

  vpc_id             = module.vpc.vpc_id
  security_group_ids = [aws_security_group.endpoints.id]

  endpoints = {
    s3 = {
      service         = "s3"
      service_type    = "Gateway"
      route_table_ids = flatten([module.vpc.private_route_table_ids, module.vpc.public_route_table_ids])
    }
    dynamodb = {
      service         = "dynamodb"
      service_type    = "Gateway"
      route_table_ids = module.vpc.private_route_table_ids
    }
    ecr_api = {
      service             = "ecr.api"
      private_dns_enabled = true
      subnet_ids          = module.vpc.private_subnets
      policy              = data.aws_iam_policy_document.endpoint.json
    }
    ecr_dkr = {
      service             = "ecr.dkr"
      private_dns_enabled = true
      subnet_ids          = module.vpc.private_subnets
    }
    sts = {
      create              = can(regex("^eu-", local.region))
      service             = "sts"
      private_dns_enabled = true
      subnet_ids          = module.vpc.private_subnets
    }
    kinesis = {
      create  = false
      service = "kinesis-streams"
    }
  }
}

# An unmodelled resource: its computed attributes, nested blocks included, are unknown, not missing.
resource "aws_eks_cluster" "this" {
  count    = 1
  name     = local.name
  role_arn = "arn:${data.aws_partition.current.partition}:iam::${local.account}:role/eks"
  vpc_config {
    subnet_ids = module.vpc.private_subnets
  }
}

output "cluster_security_group_id" {
  value = aws_eks_cluster.this[0].vpc_config[0].cluster_security_group_id
}

output "arn_parts" {
  value = try(provider::aws::arn_parse(aws_eks_cluster.this[0].arn), null)
}
