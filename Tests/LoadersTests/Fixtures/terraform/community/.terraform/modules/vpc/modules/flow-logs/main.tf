variable "vpc_id" {
  type = string
}
variable "name" {
  type = string
}
resource "aws_cloudwatch_log_group" "this" {
  name = "/aws/vpc-flow-log/${var.name}"
}
resource "aws_flow_log" "this" {
  vpc_id          = var.vpc_id
  log_destination = aws_cloudwatch_log_group.this.arn
  traffic_type    = "ALL"
}
output "log_group_name" {
  value = aws_cloudwatch_log_group.this.name
}
