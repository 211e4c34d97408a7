locals {
  azs       = ["a", "b", "c"]
  count     = length(local.azs) * 2 + 1
  negative  = -5
  ratio     = 10 / 4
  remainder = 10 % 3
  logic     = true && !false || false
  compare   = 1 < 2 && 3 >= 3 && "x" != "y"
  picked    = local.count > 5 ? "big" : "small"
  upper_azs = [for az in local.azs : upper(az) if az != "b"]
  by_name   = { for i, az in local.azs : az => i }
  grouped   = { for az in local.azs : substr(az, 0, 1) => az... }
  first     = local.azs[0]
  splat     = [{ id = 1 }, { id = 2 }][*].id
  legacy    = [{ id = 1 }].*.id
  nested    = { a = { b = ["c"] } }.a.b[0]
  calls     = join(",", concat(["x"], ["y"], local.azs))
  expanded  = max([1, 5, 3]...)
  empty_list = []
  empty_map  = {}
}
