// A fresh simulator (the project's `offsession-sim` binary) and its control surface.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct SimError: Error, CustomStringConvertible {
    let description: String
}

final class Sim: @unchecked Sendable {
    let url: String
    private let process: Process

    /// Starts the binary named by OFFSESSION_SIM_BIN (or the workspace's debug build) and reads
    /// its URL from the first line of stdout.
    init() throws {
        let environment = ProcessInfo.processInfo.environment
        let binary = environment["OFFSESSION_SIM_BIN"] ?? Paths.repository
            .appendingPathComponent("target/debug/offsession-sim").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw SimError(description: "the simulator binary is missing at \(binary): run `cargo build -p offsession-sim` or set OFFSESSION_SIM_BIN")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { break }
            line.append(byte)
        }
        let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard url.hasPrefix("http://127.0.0.1:") else {
            process.terminate()
            throw SimError(description: "the simulator did not print its URL (got \(url.debugDescription))")
        }
        self.url = url
        self.process = process
    }

    /// Kills the simulator. SIGKILL, not `terminate()`: a child started by Foundation's
    /// `Process` from a Swift concurrency thread inherits that thread's blocked signals, so
    /// SIGTERM would wait forever.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit {
        stop()
    }

    /// One request to the control surface: the status and the JSON body.
    func control(_ method: String, _ path: String, _ body: JSON? = nil) async throws -> (Int, JSON) {
        guard let target = URL(string: url + path) else {
            throw SimError(description: "bad simulator path \(path)")
        }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let body {
            request.httpBody = try body.encoded()
        }
        let (data, status): (Data, Int) = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: SimError(description: "simulator \(method) \(path): \(error)"))
                } else {
                    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                    continuation.resume(returning: (data ?? Data(), status))
                }
            }.resume()
        }
        do {
            return (status, try JSON.parse(data))
        } catch {
            throw SimError(description: "simulator \(method) \(path) answered HTTP \(status) with non-JSON: \(String(decoding: data, as: UTF8.self))")
        }
    }

    /// `GET /_sim/objects/{kind}`'s `data`.
    func objects(_ kind: String) async throws -> [JSON] {
        let (status, body) = try await control("GET", "/_sim/objects/\(kind)")
        guard status == 200, let data = body["data"]?.arrayValue else {
            throw SimError(description: "objects \(kind): HTTP \(status) \(body)")
        }
        return data
    }
}

enum Paths {
    /// The repository root (this file is bindings-swift/Tests/OffsessionTests/Sim.swift).
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The shared conformance cases.
    static var cases: URL {
        if let configured = ProcessInfo.processInfo.environment["OFFSESSION_CONFORMANCE_CASES"] {
            return URL(fileURLWithPath: configured)
        }
        return repository.appendingPathComponent("tests/conformance/cases")
    }
}
