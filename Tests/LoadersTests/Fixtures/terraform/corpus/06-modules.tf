variable "environment" {
  type        = string
  description = "Deployment environment"
  default     = "dev"

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "Environment must be dev or prod."
  }
}

module "network" {
  source = "./modules/network"
  count  = var.environment == "prod" ? 1 : 0

  cidr   = "10.1.0.0/16"
  public = false
  zones  = ["eu-west-1a", "eu-west-1b"]
}

module "endpoints" {
  source   = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  version  = "5.1.0"
  for_each = { one = 1, two = 2 }

  vpc_id = "vpc-${each.key}"
}

output "network_ids" {
  value       = module.network[*].vpc_id
  description = "IDs"
  sensitive   = false
}

data "aws_availability_zones" "available" {
  state = "available"
}
