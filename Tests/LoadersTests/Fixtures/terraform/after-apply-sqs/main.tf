# A spec for `vpcx INVENTORY SPEC` over the aws-cli/blog-eu-west-1 inventory: an SQS interface
# endpoint added to the VPC the inventory holds, found by its Name tag, in its private subnets.
data "aws_vpc" "main" {
  tags = { Name = "main-vpc" }
}

data "aws_subnets" "private" {
  filter {
    name   = "tag:Name"
    values = ["private-*"]
  }
}

resource "aws_vpc_endpoint" "sqs" {
  vpc_id              = data.aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sqs"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = data.aws_subnets.private.ids
  private_dns_enabled = true
}
