// swift-tools-version:5.9
// The seed guide's whole flow in Swift, on the simulator: `swift run FuturePayments`
// (scripts/test-swift runs it inside the Swift root). Uses the local bindings-swift package.
import PackageDescription

let package = Package(
    name: "FuturePayments",
    platforms: [.macOS(.v12)],
    dependencies: [
        .package(name: "Offsession", path: "../../bindings-swift"),
    ],
    targets: [
        .executableTarget(
            name: "FuturePayments",
            dependencies: [.product(name: "Offsession", package: "Offsession")],
            path: "Sources/FuturePayments"
        ),
    ]
)
