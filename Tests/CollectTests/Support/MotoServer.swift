import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// moto's server on a free loopback port: a real, local AWS API for the aws CLI to talk to.
/// Stopped (its whole process group) by `stop()`, which the test defers.
final class MotoServer {
    let port: UInt16
    let url: String
    /// An environment that reaches only this server's fake account: test credentials, empty config
    /// files, no instance metadata; nothing of the user's AWS settings.
    let environment: [String: String]
    private let child: ChildProcess

    /// Finds a program on the test's PATH.
    static func which(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    init(motoServer: URL, scratch: URL) throws {
        port = try Self.freeLoopbackPort()
        url = "http://127.0.0.1:\(port)"
        let config = scratch.appendingPathComponent("aws-config")
        let credentials = scratch.appendingPathComponent("aws-credentials")
        try Data().write(to: config)
        try Data().write(to: credentials)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") }
        environment["AWS_ACCESS_KEY_ID"] = "testing"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_CONFIG_FILE"] = config.path
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials.path
        environment["AWS_EC2_METADATA_DISABLED"] = "true"
        self.environment = environment

        // A process group of its own (ChildProcess): the server and anything it starts stop together.
        child = try ChildProcess(motoServer, ["-H", "127.0.0.1", "-p", "\(port)"], environment: environment,
                                 scratch: scratch)
    }

    /// Waits until the server accepts connections; false if it exited or never did.
    func waitUntilListening(seconds: Double = 120) -> Bool {
        eventually(seconds: seconds) { !child.isRunning || Self.accepts(port: port) } && child.isRunning
    }

    /// What the server printed, for a failing test's message.
    var log: String { child.standardOutput + child.standardError }

    /// Stops the server's process group: SIGTERM, then SIGKILL if it lingers.
    func stop() {
        kill(-child.pid, SIGTERM)
        // wait() kills the group on time-out.
        _ = child.wait(seconds: 10)
    }

    private static func freeLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func accepts(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// Builds the article's kind of network in moto with the real aws CLI, in few, parallel calls:
/// a VPC (DNS support and hostnames on), a public subnet with an internet gateway and a NAT gateway,
/// two private subnets in two AZs on the main route table (default route to the NAT), an S3 gateway
/// endpoint on that table, and a Secrets Manager interface endpoint in both private subnets behind
/// a security group that allows 443 from the VPC. Prints KEY=VALUE lines with the IDs.
let buildNetworkScript = #"""
    set -u
    a() { aws --endpoint-url "$ENDPOINT" --region eu-west-1 --output text "$@"; }
    # Background calls write their answer to a file; wait_for checks each one succeeded.
    wait_for() { for p in "$@"; do wait "$p" || { echo "a call failed" >&2; exit 1; }; done; }
    cd "$WORK"
    VPC=$(a ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId \
      --tag-specifications 'ResourceType=vpc,Tags=[{Key=Name,Value=blog}]') || exit 1
    a ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone eu-west-1a --query Subnet.SubnetId > pub & p1=$!
    a ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone eu-west-1a --query Subnet.SubnetId > pa & p2=$!
    a ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.2.0/24 --availability-zone eu-west-1b --query Subnet.SubnetId > pb & p3=$!
    a ec2 create-internet-gateway --query InternetGateway.InternetGatewayId > igw & p4=$!
    a ec2 allocate-address --domain vpc --query AllocationId > eip & p5=$!
    a ec2 describe-route-tables --filters Name=vpc-id,Values=$VPC --query 'RouteTables[0].RouteTableId' > mainrt & p6=$!
    a ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId > pubrt & p7=$!
    a ec2 create-security-group --vpc-id $VPC --group-name endpoints --description endpoints --query GroupId > sg & p8=$!
    a ec2 modify-vpc-attribute --vpc-id $VPC --enable-dns-hostnames '{"Value":true}' > /dev/null & p9=$!
    wait_for $p1 $p2 $p3 $p4 $p5 $p6 $p7 $p8 $p9
    a ec2 attach-internet-gateway --vpc-id $VPC --internet-gateway-id $(cat igw) & p1=$!
    a ec2 create-nat-gateway --subnet-id $(cat pub) --allocation-id $(cat eip) --query NatGateway.NatGatewayId > nat & p2=$!
    a ec2 associate-route-table --route-table-id $(cat pubrt) --subnet-id $(cat pub) > /dev/null & p3=$!
    a ec2 authorize-security-group-ingress --group-id $(cat sg) --protocol tcp --port 443 --cidr 10.0.0.0/16 > /dev/null & p4=$!
    a ec2 create-vpc-endpoint --vpc-id $VPC --service-name com.amazonaws.eu-west-1.s3 --route-table-ids $(cat mainrt) \
      --query VpcEndpoint.VpcEndpointId > s3ep & p5=$!
    a ec2 create-vpc-endpoint --vpc-id $VPC --vpc-endpoint-type Interface --service-name com.amazonaws.eu-west-1.secretsmanager \
      --subnet-ids $(cat pa) $(cat pb) --security-group-ids $(cat sg) --private-dns-enabled \
      --query VpcEndpoint.VpcEndpointId > smep & p6=$!
    wait_for $p1 $p2 $p3 $p4 $p5 $p6
    a ec2 create-route --route-table-id $(cat pubrt) --destination-cidr-block 0.0.0.0/0 --gateway-id $(cat igw) > /dev/null & p1=$!
    a ec2 create-route --route-table-id $(cat mainrt) --destination-cidr-block 0.0.0.0/0 --nat-gateway-id $(cat nat) > /dev/null & p2=$!
    wait_for $p1 $p2
    echo "vpc=$VPC"
    for name in pub pa pb igw mainrt pubrt sg nat s3ep smep; do echo "$name=$(cat $name)"; done
    """#
