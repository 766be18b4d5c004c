import Books
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element read by Foundation's XMLParser: local name (namespaces resolved), text, children, and where it starts.
final class XMLNode {
    let name: String
    let namespace: String?
    let attributes: [String: String]
    /// Its path from the root, with the position among same-named siblings after the first: `Document/BkToCstmrStmt/Stmt/Ntry[2]`.
    let path: String
    let line: Int
    let column: Int
    var text = ""
    var children: [XMLNode] = []

    init(name: String, namespace: String?, attributes: [String: String], path: String, line: Int, column: Int) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.path = path
        self.line = line
        self.column = column
    }

    /// The first child named `name`, or the first at the end of a path `A/B/C`.
    func child(_ path: String) -> XMLNode? {
        var node: XMLNode? = self
        for part in path.split(separator: "/") { node = node?.children.first { $0.name == part } }
        return node
    }

    func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The trimmed text of the element at `path`, nil when absent or empty.
    func value(_ path: String) -> String? {
        guard let t = child(path)?.text.trimmedOfSpaces, !t.isEmpty else { return nil }
        return t
    }

    /// Every element of the subtree named `name`, in document order.
    func descendants(_ name: String) -> [XMLNode] {
        var out: [XMLNode] = []
        for c in children {
            if c.name == name { out.append(c) }
            out += c.descendants(name)
        }
        return out
    }

    /// A located error about this element.
    func error(_ file: String, _ message: String, fix: String) -> StatementError {
        StatementError.at(file, line: line, column: max(1, column), sourceLine: nil, "\(path): \(message)", fix: fix)
    }
}

/// Reads a whole XML document into `XMLNode`s.
enum XMLTree {
    static func parse(_ bytes: [UInt8], file: String, what: String) throws -> XMLNode {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        builder.parser = parser
        let ok = parser.parse()
        guard ok, builder.stack.isEmpty, let root = builder.root else {
            let path = builder.stack.last?.path
            let reason = (parser.parserError as NSError?).map { "libxml2 error \($0.code)" } ?? "unexpected end"
            throw StatementError.at(file, line: max(1, parser.lineNumber), column: max(1, parser.columnNumber), sourceLine: nil,
                                    "\(path.map { $0 + ": " } ?? "")not well-formed XML (\(reason)): this is not a readable \(what) file",
                                    fix: "check the file is the bank's \(what) export, complete and unchanged")
        }
        return root
    }

    final class Builder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        var stack: [XMLNode] = []
        var counts: [[String: Int]] = [[:]]
        weak var parser: XMLParser?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let n = counts[counts.count - 1][local, default: 0] + 1
            counts[counts.count - 1][local] = n
            let step = n > 1 ? "\(local)[\(n)]" : local
            let path = stack.last.map { $0.path + "/" + step } ?? step
            let node = XMLNode(name: local, namespace: namespaceURI, attributes: attributeDict, path: path,
                               line: parser.lineNumber, column: parser.columnNumber)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
            counts.append([:])
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
            _ = counts.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
