# Hub and spoke, the Terraform side of the aws-cli/hub-and-spoke fixture: a hub VPC with a Secrets
# Manager interface endpoint (private DNS off) and a private hosted zone for the service's hostname
# aliased to it, shared with a spoke over a transit gateway; a second spoke attached but left out of
# the endpoint's security group; and a VPC peered with the hub that shares no DNS.

provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "hub" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "hub" }
}

resource "aws_vpc" "spoke_a" {
  cidr_block           = "10.1.0.0/22"
  enable_dns_hostnames = true
  tags                 = { Name = "spoke-a" }
}

resource "aws_vpc" "spoke_b" {
  cidr_block           = "10.1.4.0/22"
  enable_dns_hostnames = true
  tags                 = { Name = "spoke-b" }
}

resource "aws_vpc" "peered" {
  cidr_block           = "10.250.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "peered" }
}

resource "aws_subnet" "hub_a" {
  vpc_id            = aws_vpc.hub.id
  cidr_block        = "10.0.0.0/24"
  availability_zone = "eu-west-1a"
  tags              = { Name = "hub-private-a" }
}

resource "aws_subnet" "spoke_a" {
  vpc_id            = aws_vpc.spoke_a.id
  cidr_block        = "10.1.0.0/24"
  availability_zone = "eu-west-1a"
  tags              = { Name = "spoke-a-private-a" }
}

resource "aws_subnet" "spoke_b" {
  vpc_id            = aws_vpc.spoke_b.id
  cidr_block        = "10.1.4.0/24"
  availability_zone = "eu-west-1a"
  tags              = { Name = "spoke-b-private-a" }
}

resource "aws_subnet" "peered" {
  vpc_id            = aws_vpc.peered.id
  cidr_block        = "10.250.0.0/24"
  availability_zone = "eu-west-1a"
  tags              = { Name = "peered-private-a" }
}

resource "aws_ec2_transit_gateway" "hub" {
  tags = { Name = "hub-tgw" }
}

resource "aws_ec2_transit_gateway_vpc_attachment" "hub" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.hub.id
  subnet_ids         = [aws_subnet.hub_a.id]
}

resource "aws_ec2_transit_gateway_vpc_attachment" "spoke_a" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.spoke_a.id
  subnet_ids         = [aws_subnet.spoke_a.id]
}

resource "aws_ec2_transit_gateway_vpc_attachment" "spoke_b" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.spoke_b.id
  subnet_ids         = [aws_subnet.spoke_b.id]
}

resource "aws_vpc_peering_connection" "hub_peered" {
  vpc_id      = aws_vpc.peered.id
  peer_vpc_id = aws_vpc.hub.id
  auto_accept = true
}

resource "aws_route" "spoke_a_to_hub" {
  route_table_id         = aws_vpc.spoke_a.main_route_table_id
  destination_cidr_block = "10.0.0.0/8"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
}

resource "aws_route" "spoke_b_to_hub" {
  route_table_id         = aws_vpc.spoke_b.main_route_table_id
  destination_cidr_block = "10.0.0.0/8"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
}

resource "aws_route" "hub_to_spokes" {
  route_table_id         = aws_vpc.hub.main_route_table_id
  destination_cidr_block = "10.1.0.0/16"
  transit_gateway_id     = aws_ec2_transit_gateway.hub.id
}

resource "aws_route" "hub_to_peered" {
  route_table_id            = aws_vpc.hub.main_route_table_id
  destination_cidr_block    = "10.250.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.hub_peered.id
}

resource "aws_route" "peered_to_hub" {
  route_table_id            = aws_vpc.peered.main_route_table_id
  destination_cidr_block    = "10.0.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.hub_peered.id
}

resource "aws_security_group" "endpoints" {
  name   = "hub-endpoints"
  vpc_id = aws_vpc.hub.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16", "10.1.0.0/22"]
  }
}

resource "aws_vpc_endpoint" "secretsmanager" {
  vpc_id              = aws_vpc.hub.id
  service_name        = "com.amazonaws.eu-west-1.secretsmanager"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.hub_a.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = false
  tags                = { Name = "hub-secretsmanager" }
}

resource "aws_route53_zone" "secretsmanager" {
  name = "secretsmanager.eu-west-1.amazonaws.com"

  vpc {
    vpc_id = aws_vpc.hub.id
  }
}

resource "aws_route53_zone_association" "spoke_a" {
  zone_id = aws_route53_zone.secretsmanager.zone_id
  vpc_id  = aws_vpc.spoke_a.id
}

resource "aws_route53_zone_association" "spoke_b" {
  zone_id = aws_route53_zone.secretsmanager.zone_id
  vpc_id  = aws_vpc.spoke_b.id
}

resource "aws_route53_record" "secretsmanager" {
  zone_id = aws_route53_zone.secretsmanager.zone_id
  name    = "secretsmanager.eu-west-1.amazonaws.com"
  type    = "A"

  alias {
    name                   = aws_vpc_endpoint.secretsmanager.dns_entry[0].dns_name
    zone_id                = aws_vpc_endpoint.secretsmanager.dns_entry[0].hosted_zone_id
    evaluate_target_health = false
  }
}
