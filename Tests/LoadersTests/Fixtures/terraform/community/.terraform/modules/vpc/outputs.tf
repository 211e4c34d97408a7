output "vpc_id" {
  value = local.vpc_id
}
output "vpc_cidr_block" {
  value = try(aws_vpc.this[0].cidr_block, null)
}
output "vpc_ipv6_cidr_block" {
  # Unknown, not null: the provider computes it (plan shows "known after apply").
  value = try(aws_vpc.this[0].ipv6_cidr_block, null)
}
output "private_subnets" {
  value = [for s in aws_subnet.private : s.id]
}
output "public_subnets" {
  value = values(aws_subnet.public)[*].id
}
output "private_route_table_ids" {
  value = [for t in aws_route_table.private : t.id]
}
output "public_route_table_ids" {
  value = aws_route_table.public[*].id
}
output "natgw_ids" {
  value = [for n in aws_nat_gateway.this : n.id]
}
output "extra_security_group_ids" {
  value = distinct(compact(var.extra_security_group_ids))
}
output "flow_log_group" {
  value = one(module.flow_logs[*].log_group_name)
}
