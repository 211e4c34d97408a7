# A copy in spirit of the community VPC module: count-guarded VPC, subnets for_each over the AZs,
# one NAT gateway per AZ or a single one, route tables per NAT, the default security group managed.
locals {
  create_vpc   = var.create_vpc
  vpc_id       = try(aws_vpc.this[0].id, "")
  private_azs  = { for i, az in var.azs : az => i if i < length(var.private_subnets) }
  public_azs   = { for i, az in var.azs : az => i if i < length(var.public_subnets) }
  nat_count    = var.enable_nat_gateway ? (var.single_nat_gateway ? 1 : length(local.public_azs)) : 0
  nat_azs      = slice(keys(local.public_azs), 0, local.nat_count)
}

resource "aws_vpc" "this" {
  count = local.create_vpc ? 1 : 0

  cidr_block                       = var.cidr
  ipv6_cidr_block                  = var.ipv6_cidr_block
  assign_generated_ipv6_cidr_block = false
  enable_dns_hostnames             = true
  enable_dns_support               = true

  tags = merge({ "Name" = var.name }, var.tags)
}

resource "aws_default_security_group" "this" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
}

resource "aws_internet_gateway" "this" {
  count  = local.create_vpc && length(local.public_azs) > 0 ? 1 : 0
  vpc_id = local.vpc_id
  tags   = merge({ "Name" = var.name }, var.tags)
}

resource "aws_subnet" "public" {
  for_each = local.public_azs

  vpc_id                  = local.vpc_id
  availability_zone       = each.key
  cidr_block              = var.public_subnets[each.value]
  ipv6_cidr_block         = var.ipv6_cidr_block != null ? cidrsubnet(var.ipv6_cidr_block, 8, each.value) : null
  map_public_ip_on_launch = true
  tags                    = merge({ Name = format("%s-public-%s", var.name, each.key) }, var.tags)
}

resource "aws_subnet" "private" {
  for_each = local.private_azs

  vpc_id            = local.vpc_id
  availability_zone = each.key
  cidr_block        = var.private_subnets[each.value]
  tags              = merge({ Name = "${var.name}-private-${each.key}" }, var.tags)
}

resource "aws_route_table" "public" {
  count  = length(local.public_azs) > 0 ? 1 : 0
  vpc_id = local.vpc_id
  tags   = { Name = "${var.name}-public" }
}

resource "aws_route" "public_internet_gateway" {
  count                  = length(aws_route_table.public)
  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_eip" "nat" {
  for_each = toset(local.nat_azs)
  domain   = "vpc"
}

resource "aws_nat_gateway" "this" {
  for_each      = toset(local.nat_azs)
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id
  tags          = { Name = "${var.name}-${each.key}" }
}

resource "aws_route_table" "private" {
  for_each = { for az, i in local.private_azs : az => i if i < max(local.nat_count, 1) }
  vpc_id   = local.vpc_id
  tags     = { Name = "${var.name}-private-${each.key}" }
}

resource "aws_route" "private_nat_gateway" {
  for_each               = local.nat_count > 0 ? aws_route_table.private : {}
  route_table_id         = each.value.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[element(local.nat_azs, index(keys(aws_route_table.private), each.key))].id
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = var.single_nat_gateway ? values(aws_route_table.private)[0].id : aws_route_table.private[each.key].id
}

module "flow_logs" {
  source = "./modules/flow-logs"
  count  = var.enable_flow_log ? 1 : 0
  vpc_id = local.vpc_id
  name   = var.name
}
