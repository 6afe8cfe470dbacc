// swift-tools-version:5.9
// Swift client of the benchmark (benches/README.md): the six-request flow through the uniffi
// Client of the local bindings-swift package. scripts/bench builds it inside the Swift root
// (scripts/setup-swift) with OFFSESSION_LIB_DIR pointing at the release library:
//   benches/swift/in-root bash -c 'cd benches/swift && swift build -c release --scratch-path target/bench-swift'
import PackageDescription

let package = Package(
    name: "OffsessionBench",
    platforms: [.macOS(.v12)],
    dependencies: [
        .package(name: "Offsession", path: "../../bindings-swift"),
    ],
    targets: [
        .executableTarget(
            name: "OffsessionBench",
            dependencies: [.product(name: "Offsession", package: "Offsession")],
            path: "Sources/OffsessionBench"
        ),
    ]
)
