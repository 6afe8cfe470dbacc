// Swift client of the benchmark: the same six-request flow as benches/rust, python and node,
// through the uniffi Client (bindings-swift over the release library), FLOWS flows with
// CONCURRENCY in flight (child tasks of a task group). Every response is decoded and the final
// PaymentIntent must be `succeeded`. A warm-up first, then one JSON line: CPU µs per request
// (getrusage(RUSAGE_SELF) over the timed flows, every thread), wall ms per flow, peak RSS.
//
// Usage: OffsessionBench offsession URL FLOWS CONCURRENCY [WARMUP_FLOWS]   (warm-up default 8)
// Runs inside the Swift root: benches/swift/in-root BINARY offsession URL FLOWS CONCURRENCY
import Foundation
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
guard (5...6).contains(arguments.count), arguments[1] == "offsession",
      let flows = Int(arguments[3]), let concurrency = Int(arguments[4]), flows > 0, concurrency > 0,
      let warmup = arguments.count == 6 ? Int(arguments[5]) : 8 else {
    FileHandle.standardError.write(Data("usage: OffsessionBench offsession URL FLOWS CONCURRENCY [WARMUP_FLOWS]\n".utf8))
    exit(2)
}
do {
    print(try await bench(name: arguments[1], url: arguments[2], flows: flows, concurrency: concurrency, warmup: warmup))
    exit(0)
} catch {
    FileHandle.standardError.write(Data("swift/\(arguments[1]) x\(concurrency): a flow failed: \(error)\n".utf8))
    exit(1)
}
