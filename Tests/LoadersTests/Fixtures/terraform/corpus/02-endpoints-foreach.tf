variable "services" {
  type    = set(string)
  default = ["ssm", "ssmmessages", "ec2messages"]
}

locals {
  region = "eu-central-1"
  name_prefix = "corp"
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(var.services)
  vpc_id              = "vpc-0123456789abcdef0"
  service_name        = "com.amazonaws.${local.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = ["subnet-aaa", "subnet-bbb"]
  tags = {
    Name    = "${local.name_prefix}-${each.key}"
    Service = each.value
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id          = "vpc-0123456789abcdef0"
  service_name    = "com.amazonaws.eu-central-1.s3"
  route_table_ids = ["rtb-1", "rtb-2"]
}
