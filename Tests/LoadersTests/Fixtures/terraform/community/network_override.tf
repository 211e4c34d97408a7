# Terraform merges override files into the block they name: the NAT gateway becomes a single one.
module "vpc" {
  single_nat_gateway = true
}
